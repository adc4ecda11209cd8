package io.sluice.testkit.conformance;

/**
 * What a runner under test can do beyond the behaviour every runner owes. The conformance suite
 * runs the cases that need a capability only for runners that declare it, and reports the others
 * as skipped with the capability named, so a runner never passes a case it did not run.
 */
public enum RunnerCapability {
  /**
   * {@code RunningPipeline.close()} while the run is going drains it: the inputs stop, every record
   * already accepted reaches its fate, and partial batches are flushed with reason
   * {@link io.sluice.api.FlushReason#DRAIN}.
   */
  DRAIN,
  /**
   * {@code RunningPipeline.cancel()} stops the run at once; the report's outcome is
   * {@code CANCELLED} and what was left behind counts as stranded.
   */
  CANCEL,
  /**
   * A fail-fast failure stops the inputs: sources end at their next poll, and the stages after the
   * failed one flush what reached them with reason {@link io.sluice.api.FlushReason#DRAIN}. A runner
   * without it lets the inputs run to their end; the failed stage strands what reaches it after the
   * failure and the others flush with {@link io.sluice.api.FlushReason#END_OF_STREAM}.
   */
  STOPS_INPUTS_ON_FAILURE,
  /**
   * A stage with {@code Parallelism.ordered(n)} runs on n workers and its outputs leave in input
   * order. A runner without it (Flink keeps no order across subtasks) refuses such a stage when
   * the run starts; keyed and unordered parallel stages are owed by every runner.
   */
  ORDERED_PARALLEL
}
