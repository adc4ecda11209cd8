package io.sluice.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the records a benchmark pushed through, so JMH reports a secondary metric
 * {@code :records} in records per second beside the primary score (runs per second). A counter
 * rather than {@code @OperationsPerInvocation} because the number of records is a {@code @Param}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RecordCounter {
  /** Records processed in this iteration; JMH reads it, so it must be a public field. */
  public long records;

  /** JMH does not reset aux counters between iterations: this does. */
  @Setup(Level.Iteration)
  public void reset() {
    records = 0;
  }

  /**
   * Counts a completed run.
   *
   * @param count the records the run processed
   */
  public void add(long count) {
    records += count;
  }
}
