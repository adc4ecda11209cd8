package io.sluice.testkit.jqwik;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.FaultPlan;
import io.sluice.testkit.TestSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for testing pipelines: dispatch settings, record lists (plain and timed),
 * fault plans and error policies. Dispatches, records and fault plans shrink towards the simple
 * case: {@code perRecord()} or small batches, short lists, no delay, no fault.
 *
 * <pre>{@code
 * @Property
 * void sameTotals(@ForAll("dispatches") Dispatch dispatch, @ForAll("orders") List<Order> orders) {...}
 *
 * @Provide
 * Arbitrary<Dispatch> dispatches() {
 *   return SluiceArbitraries.dispatches();
 * }
 * }</pre>
 */
public final class SluiceArbitraries {

  /** The largest batch size {@link #dispatches()} generates. */
  public static final int DEFAULT_MAX_BATCH = 64;

  /** The longest maximum wait {@link #dispatches()} generates. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);

  /** The longest list {@link #recordLists} and {@link #arrivals} generate. */
  public static final int DEFAULT_MAX_RECORDS = 300;

  private SluiceArbitraries() {}

  /**
   * Any dispatch: {@code perRecord()}, {@code batched(n)} or {@code batched(n, maxWait)} with
   * {@code n} up to {@value #DEFAULT_MAX_BATCH} and {@code maxWait} up to 1 s.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Dispatch> dispatches() {
    return Arbitraries.oneOf(Arbitraries.just(Dispatch.perRecord()), batchedDispatches());
  }

  /**
   * Any batched dispatch, with or without a maximum wait, with {@code n} up to
   * {@value #DEFAULT_MAX_BATCH} and {@code maxWait} up to 1 s.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Dispatch> batchedDispatches() {
    return batchedDispatches(DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT);
  }

  /**
   * Any batched dispatch within bounds.
   *
   * @param maxSize the largest batch size; at least 1
   * @param maxWait the longest maximum wait; positive and at most {@link Dispatch#MAX_WAIT_LIMIT}
   * @return the arbitrary
   * @throws IllegalArgumentException if a bound is out of range
   * @throws NullPointerException if {@code maxWait} is {@code null}
   */
  public static Arbitrary<Dispatch> batchedDispatches(int maxSize, Duration maxWait) {
    Dispatch.batched(maxSize, Objects.requireNonNull(maxWait, "maxWait"))
        .requireValidFor("(bounds of batchedDispatches)");
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, maxSize);
    Arbitrary<Duration> waits = Arbitraries.longs().between(1, maxWait.toNanos())
        .map(Duration::ofNanos);
    return Arbitraries.oneOf(
        sizes.map(Dispatch::batched),
        sizes.flatMap(size -> waits.map(wait -> Dispatch.batched(size, wait))));
  }

  /**
   * Lists of up to {@value #DEFAULT_MAX_RECORDS} records.
   *
   * @param records the records' arbitrary
   * @param <T> the record type
   * @return the arbitrary
   * @throws NullPointerException if {@code records} is {@code null}
   */
  public static <T> Arbitrary<List<T>> recordLists(Arbitrary<T> records) {
    return Objects.requireNonNull(records, "records").list().ofMaxSize(DEFAULT_MAX_RECORDS);
  }

  /**
   * Timed inputs of up to {@value #DEFAULT_MAX_RECORDS} records: most arrive with no delay, some
   * after a delay up to 1.5 s, so batches with a maximum wait of up to 1 s are flushed by time as
   * well as by size.
   *
   * @param records the records' arbitrary
   * @param <T> the record type
   * @return the arbitrary
   * @throws NullPointerException if {@code records} is {@code null}
   */
  public static <T> Arbitrary<List<Arrival<T>>> arrivals(Arbitrary<T> records) {
    Objects.requireNonNull(records, "records");
    Arbitrary<Duration> delays = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(Duration.ZERO)),
        Tuple.of(1, Arbitraries.longs().between(1, 1_500_000_000L).map(Duration::ofNanos)));
    return Combinators.combine(delays, records).as(Arrival::new).list()
        .ofMaxSize(DEFAULT_MAX_RECORDS);
  }

  /**
   * Fault plans over inputs of up to {@code inputSize} records: mostly no fault, else one to three
   * poison positions below {@code inputSize}, sometimes a failing {@code open} or {@code close}.
   *
   * @param inputSize the size of the inputs the plans are for; at least 1
   * @return the arbitrary
   * @throws IllegalArgumentException if {@code inputSize} is below 1
   */
  public static Arbitrary<FaultPlan> faultPlans(int inputSize) {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(FaultPlan.none())),
        Tuple.of(3, poisonPlans(inputSize)),
        Tuple.of(1, Arbitraries.just(FaultPlan.none().failingOpen())),
        Tuple.of(1, Arbitraries.just(FaultPlan.none().failingClose())));
  }

  /**
   * Fault plans with poison records only: one to three poison positions below
   * {@code inputSize}, and no failing {@code open} or {@code close}, for properties about what an
   * error policy does with the records a stage fails on.
   *
   * @param inputSize the size of the inputs the plans are for; at least 1
   * @return the arbitrary
   * @throws IllegalArgumentException if {@code inputSize} is below 1
   */
  public static Arbitrary<FaultPlan> poisonPlans(int inputSize) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be at least 1 but was " + inputSize);
    }
    // three positions and how many to use, not a set: jqwik's shrinking of a collection mapped
    // to another type can feed it the elements of another parameter's collection
    Arbitrary<Integer> positions = Arbitraries.integers().between(0, inputSize - 1);
    return Combinators.combine(Arbitraries.integers().between(1, 3), positions, positions,
            positions)
        .as((count, first, second, third) -> FaultPlan.none()
            .withPoison(List.of(first, second, third).subList(0, count)));
  }

  /**
   * Error policies for a faulty stage: fail-fast, skip (without limit or with a limit of 0 to 3),
   * or dead-letter, each with or without retries (2 or 3 attempts in all). Retries wait no time
   * (a zero backoff), so the policies run deterministically as well as on the runtime: in a
   * deterministic run nothing could move the clock while a stage waits. A dead-letter policy
   * writes to a fresh {@link TestSink}{@code <DeadLetter>} of its own, which
   * {@link ErrorPolicy#deadLetterSink()} returns.
   *
   * @return the arbitrary
   */
  public static Arbitrary<ErrorPolicy> errorPolicies() {
    Arbitrary<ErrorPolicy> retries = Arbitraries.integers().between(2, 3)
        .map(attempts -> ErrorPolicy.retry(attempts, Duration.ZERO, Duration.ZERO));
    Arbitrary<ErrorPolicy> first = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(ErrorPolicy.failFast())),
        Tuple.of(1, retries));
    Arbitrary<Optional<Long>> skipLimits = Arbitraries.longs().between(0, 3).optional();
    return Arbitraries.oneOf(
        first,
        Combinators.combine(first, skipLimits).as((policy, limit) ->
            limit.map(policy::thenSkip).orElseGet(policy::thenSkip)),
        first.map(policy -> policy.thenDeadLetter(TestSink.<DeadLetter>create())));
  }
}
