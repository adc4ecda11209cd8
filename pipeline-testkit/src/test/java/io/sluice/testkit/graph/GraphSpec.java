package io.sluice.testkit.graph;

import io.sluice.api.Dispatch;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A random graph, as the DSL calls that build it: a main source, then a list of {@link Op}s applied
 * to the chain in turn, then the main sink. Plain data, so jqwik shows and shrinks it; the
 * {@link GraphBuild} turns it into a blueprint and, from the same calls, a {@link GraphModel}.
 *
 * @param source the records of the main source
 * @param ops the DSL calls after it
 * @param sink the main sink's dispatch
 * @param smallRings whether every stage gets a ring of 8 (else the default)
 */
record GraphSpec(List<Long> source, List<Op> ops, Dispatch sink, boolean smallRings) {

  /** What a stage does with a poison record, and with any other failure. */
  enum Policy {
    SKIP, DEAD_LETTER, FAIL_FAST, RETRY_THEN_SKIP, RETRY_THEN_DEAD_LETTER, RETRY_THEN_FAIL;

    /** Whether a poison record reaching a stage with this policy fails the run. */
    boolean fails() {
      return this == FAIL_FAST || this == RETRY_THEN_FAIL;
    }

    boolean deadLetters() {
      return this == DEAD_LETTER || this == RETRY_THEN_DEAD_LETTER;
    }
  }

  /**
   * The records a stage throws on: those with {@code floorMod(x, modulus) == remainder}; a value
   * test, so every runner sees the same faults.
   */
  record Poison(int modulus, int remainder) {
    boolean hits(long record) {
      return Math.floorMod(record, modulus) == remainder;
    }

    @Override
    public String toString() {
      return "x%" + modulus + "==" + remainder;
    }
  }

  /** The settings of one processing stage: dispatch, policy, poison, own thread. */
  record Settings(Dispatch dispatch, Policy policy, Optional<Poison> poison, boolean ownThread) {
    @Override
    public String toString() {
      return dispatch + (poison.isEmpty() ? "" : " " + policy + " poison " + poison.get())
          + (ownThread ? " ownThread" : "");
    }
  }

  /** What a branch holds: a sink, or one stage (a map or a filter) then a sink. */
  record Branch(Optional<Step> step, Dispatch sink) {
    @Override
    public String toString() {
      return step.map(s -> s + " -> ").orElse("") + "sink " + sink;
    }
  }

  /** A one-input stage a branch or a diamond side may hold. */
  record Step(boolean isMap, int parameter, Settings settings) {
    @Override
    public String toString() {
      return (isMap ? "map*" : "filter%") + parameter + " " + settings;
    }
  }

  /** One DSL call (or a few that belong together) on the chain. */
  sealed interface Op {}

  /** {@code map(x -> x * factor + 1)}. */
  record MapOp(int factor, Settings settings) implements Op {}

  /** {@code filter(x -> floorMod(x, modulus) != 0)}. */
  record FilterOp(int modulus, Settings settings) implements Op {}

  /** {@code flatMap(x -> floorMod(x, modulus) == 0 ? [] : [x, x + 1])}. */
  record FlatMapOp(int modulus, Settings settings) implements Op {}

  /**
   * A user stage emitting {@code x + 1} on its main output and, for {@code floorMod(x, modulus) ==
   * 0}, {@code 10 x} to a side output feeding {@code branch}; {@code batchCalls} makes it override
   * {@code processBatch}.
   */
  record SideOp(int modulus, boolean batchCalls, Settings settings, Branch branch) implements Op {}

  /** {@code alsoTo(...)}: a copy of each record to a branch. */
  record AlsoToOp(Branch branch) implements Op {}

  /** {@code divert(...)}: records with {@code floorMod(x, modulus) == 0} leave for a branch. */
  record DivertOp(int modulus, Dispatch dispatch, Branch branch) implements Op {}

  /** {@code mergeWith(Pipeline.from(other source))}. */
  record MergeSourceOp(List<Long> records) implements Op {}

  /** {@code map(left).mergeWith(the same chain .filter(right))}: a diamond. */
  record DiamondOp(Step left, Step right) implements Op {}

  @Override
  public String toString() {
    return "graph " + source.size() + " records " + source + "\n  "
        + ops.stream().map(Object::toString).collect(Collectors.joining("\n  "))
        + "\n  sink " + sink + (smallRings ? ", rings of 8" : "");
  }
}
