package io.sluice.testkit;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which faults to inject into a stage: poison records (the records at some positions of the input;
 * processing one, or a batch holding one, throws an {@link InjectedFault} every time) and failures
 * of {@code open} or {@code close}. Immutable.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.poison(3).failingClose();
 * Stage<Order, Order> faulty = plan.inject(new Enricher(), orders);
 * }</pre>
 *
 * <p>A poison record is recognised by equality, so a record equal to a poisoned one is poison too,
 * and it stays poison when a stage sees it again (a retry, or a batch split to find it). So under
 * an {@link ErrorPolicy} that skips or dead-letters, exactly the poison records take that action
 * and every other record passes ({@link #survivors}, {@link #failsOver(List, ErrorPolicy)}).
 *
 * <p>The faulty stage is called as the real one would be: per record, even under a batched
 * dispatch, unless the real stage has its own {@code processBatch} (a sink, its own
 * {@code writeBatch}); and it allows batch splitting exactly when the real stage does.
 */
public final class FaultPlan {
  private static final FaultPlan NONE = new FaultPlan(new TreeSet<>(), false, false);

  private final SortedSet<Integer> poison;
  private final boolean failOpen;
  private final boolean failClose;

  private FaultPlan(SortedSet<Integer> poison, boolean failOpen, boolean failClose) {
    this.poison = poison;
    this.failOpen = failOpen;
    this.failClose = failClose;
  }

  /**
   * Returns the plan with no fault.
   *
   * @return the empty plan
   */
  public static FaultPlan none() {
    return NONE;
  }

  /**
   * Returns a plan poisoning the records at the given positions of the input.
   *
   * @param inputIndexes 0-based positions; positions past the input's end poison nothing
   * @return the plan
   * @throws IllegalArgumentException if a position is negative
   */
  public static FaultPlan poison(int... inputIndexes) {
    return NONE.withPoison(java.util.Arrays.stream(inputIndexes).boxed().toList());
  }

  /**
   * Returns a copy that also poisons the records at the given positions.
   *
   * @param inputIndexes 0-based positions
   * @return the plan
   * @throws NullPointerException if {@code inputIndexes} or an element is {@code null}
   * @throws IllegalArgumentException if a position is negative
   */
  public FaultPlan withPoison(Collection<Integer> inputIndexes) {
    SortedSet<Integer> more = new TreeSet<>(poison);
    for (Integer index : inputIndexes) {
      if (Objects.requireNonNull(index, "index") < 0) {
        throw new IllegalArgumentException("a poison position must not be negative but was "
            + index);
      }
      more.add(index);
    }
    return new FaultPlan(more, failOpen, failClose);
  }

  /**
   * Returns a copy whose stage's {@code open} throws.
   *
   * @return the plan
   */
  public FaultPlan failingOpen() {
    return new FaultPlan(poison, true, failClose);
  }

  /**
   * Returns a copy whose stage's {@code close} throws (after closing the real stage).
   *
   * @return the plan
   */
  public FaultPlan failingClose() {
    return new FaultPlan(poison, failOpen, true);
  }

  /**
   * Returns the poisoned positions, ascending.
   *
   * @return an immutable set
   */
  public SortedSet<Integer> poisonIndexes() {
    return java.util.Collections.unmodifiableSortedSet(poison);
  }

  /**
   * Tells whether the stage's {@code open} fails.
   *
   * @return {@code true} if it does
   */
  public boolean failsOpen() {
    return failOpen;
  }

  /**
   * Tells whether the stage's {@code close} fails.
   *
   * @return {@code true} if it does
   */
  public boolean failsClose() {
    return failClose;
  }

  /**
   * Tells whether the plan injects nothing.
   *
   * @return {@code true} for {@link #none()}
   */
  public boolean isEmpty() {
    return poison.isEmpty() && !failOpen && !failClose;
  }

  /**
   * Returns the poison records of an input: those at the poisoned positions.
   *
   * @param input the input
   * @param <T> the record type
   * @return the poison records
   * @throws NullPointerException if {@code input} is {@code null}
   */
  public <T> Set<T> poisonRecords(List<? extends T> input) {
    Set<T> records = new HashSet<>();
    for (int index : poison) {
      if (index < input.size()) {
        records.add(input.get(index));
      }
    }
    return records;
  }

  /**
   * Returns how many records of an input are poison: those equal to a record at a poisoned
   * position, so a record that occurs twice counts twice.
   *
   * @param input the input
   * @return the number of poison records the stage will meet
   * @throws NullPointerException if {@code input} is {@code null}
   */
  public int poisonCount(List<?> input) {
    Set<?> records = poisonRecords(input);
    return (int) input.stream().filter(records::contains).count();
  }

  /**
   * Returns the records of an input that are not poison, in order: what a stage whose error policy
   * skips or dead-letters its failures passes on.
   *
   * @param input the input
   * @param <T> the record type
   * @return an immutable list
   * @throws NullPointerException if {@code input} is {@code null}
   */
  public <T> List<T> survivors(List<? extends T> input) {
    Set<?> records = poisonRecords(input);
    return input.stream().filter(r -> !records.contains(r)).<T>map(r -> r).toList();
  }

  /**
   * Tells whether a stage injected with this plan, seeing all of {@code input}, fails the run
   * under the default fail-fast policy.
   *
   * @param input the input
   * @return {@code true} if open or close fails, or the input holds a poison record
   * @throws NullPointerException if {@code input} is {@code null}
   */
  public boolean failsOver(List<?> input) {
    return failsOver(input, ErrorPolicy.failFast());
  }

  /**
   * Tells whether a stage injected with this plan, seeing all of {@code input}, fails the run
   * under an error policy. A poison record fails every call that includes it, so retries never
   * cure it: its policy's final action decides. Open and close failures are not covered by error
   * policies and always fail the run.
   *
   * @param input the input
   * @param policy the stage's error policy
   * @return {@code true} if open or close fails, or the input holds a poison record and the policy
   *     fails the run on it: fail-fast or a retry without a further action, or a skip whose limit
   *     is below the number of poison records; {@code false} if the policy skips (within its
   *     limit) or dead-letters every poison record
   * @throws NullPointerException if an argument is {@code null}
   */
  public boolean failsOver(List<?> input, ErrorPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    if (failOpen || failClose) {
      return true;
    }
    int count = poisonCount(input);
    return count > 0 && switch (policy.action()) {
      case FAIL -> true;
      case SKIP -> count > policy.skipLimit().orElse(Long.MAX_VALUE);
      case DEAD_LETTER -> false;
    };
  }

  /**
   * Wraps a stage so that it fails as planned, with the poison records taken from {@code input}.
   *
   * @param stage the real stage
   * @param input the input the positions refer to
   * @param <I> the input type
   * @param <O> the output type
   * @return the faulty stage
   * @throws NullPointerException if an argument is {@code null}
   */
  public <I, O> Stage<I, O> inject(Stage<I, O> stage, List<? extends I> input) {
    return FaultyStage.of(Objects.requireNonNull(stage, "stage"), poisonRecords(input), failOpen,
        failClose);
  }

  /**
   * Wraps a sink so that it fails as planned, with the poison records taken from {@code input}.
   *
   * @param sink the real sink
   * @param input the input the positions refer to
   * @param <T> the record type
   * @return the faulty sink
   * @throws NullPointerException if an argument is {@code null}
   */
  public <T> Sink<T> inject(Sink<T> sink, List<? extends T> input) {
    return FaultyStage.asSink(Objects.requireNonNull(sink, "sink"), poisonRecords(input), failOpen,
        failClose);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FaultPlan p && poison.equals(p.poison) && failOpen == p.failOpen
        && failClose == p.failClose;
  }

  @Override
  public int hashCode() {
    return Objects.hash(poison, failOpen, failClose);
  }

  @Override
  public String toString() {
    if (isEmpty()) {
      return "FaultPlan[none]";
    }
    StringBuilder text = new StringBuilder("FaultPlan[");
    if (!poison.isEmpty()) {
      text.append("poison at ").append(poison);
    }
    if (failOpen) {
      text.append(poison.isEmpty() ? "" : ", ").append("open fails");
    }
    if (failClose) {
      text.append(poison.isEmpty() && !failOpen ? "" : ", ").append("close fails");
    }
    return text.append(']').toString();
  }
}
