package io.sluice.testkit.jqwik;

import io.sluice.api.Dispatch;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries for testing pipelines: dispatch settings, record lists (plain and timed) and
 * fault plans. All shrink towards the simple case: {@code perRecord()} or small batches, short
 * lists, no delay, no fault.
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
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be at least 1 but was " + inputSize);
    }
    Arbitrary<FaultPlan> poisoned = Arbitraries.integers().between(0, inputSize - 1)
        .set().ofMinSize(1).ofMaxSize(3)
        .map(indexes -> FaultPlan.none().withPoison(indexes));
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(FaultPlan.none())),
        Tuple.of(3, poisoned),
        Tuple.of(1, Arbitraries.just(FaultPlan.none().failingOpen())),
        Tuple.of(1, Arbitraries.just(FaultPlan.none().failingClose())));
  }
}
