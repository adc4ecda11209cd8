package io.sluice.runtime.engine;

import io.sluice.api.Distribution;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The timing side of one stage's metrics: batch sizes and processing times as HdrHistograms, and
 * the busy, idle and blocked time of its thread. Written by the stage's thread without locks (a
 * {@link Meter} per histogram, release stores for the times), read by any thread.
 *
 * <p>Recording happens per batch, or per hand-off chunk for a per-record stage (the chunk's time
 * recorded as its records' mean), never per record, so timing costs a few nanoseconds per chunk.
 */
final class StageMeters {
  private static final VarHandle BUSY;
  private static final VarHandle IDLE;
  private static final VarHandle BLOCKED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      BUSY = lookup.findVarHandle(StageMeters.class, "busyNanos", long.class);
      IDLE = lookup.findVarHandle(StageMeters.class, "idleNanos", long.class);
      BLOCKED = lookup.findVarHandle(StageMeters.class, "blockedNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean timing;
  private final Meter batchSizes = new Meter();
  private final Meter processing = new Meter();
  @SuppressWarnings("unused") // written and read through BUSY
  private long busyNanos;
  @SuppressWarnings("unused") // written and read through IDLE
  private long idleNanos;
  @SuppressWarnings("unused") // written and read through BLOCKED
  private long blockedNanos;

  /**
   * Creates the meters of a stage.
   *
   * @param timing whether to read the clock for processing, busy and idle time (batch sizes are
   *     always recorded)
   */
  public StageMeters(boolean timing) {
    this.timing = timing;
  }

  /**
   * Tells whether processing, busy and idle time are measured.
   *
   * @return {@code true} when timing is on
   */
  public boolean timing() {
    return timing;
  }

  void batch(int size, long nanos) {
    batchSizes.record(size, 1);
    if (timing) {
      processing.record(Math.max(0, nanos), 1);
    }
  }

  void records(int count, long nanos) {
    if (timing && count > 0) {
      processing.record(Math.max(0, nanos) / count, count);
    }
  }

  /**
   * Publishes the thread's times so far: working, waiting for input, waiting for room downstream.
   */
  void time(long busy, long idle, long blocked) {
    BLOCKED.setRelease(this, blocked);
    BUSY.setRelease(this, busy);
    IDLE.setRelease(this, idle);
  }

  /**
   * Returns how long the stage's thread has waited for room in a full downstream ring so far: time
   * it could not work because a later stage was slower. Not part of {@link #busyNanos()}.
   *
   * @return nanoseconds
   */
  public long blockedNanos() {
    return (long) BLOCKED.getAcquire(this);
  }

  /**
   * Returns the busy time of the stage's thread so far: working on records, not counting the
   * time blocked on a full downstream ring.
   *
   * @return nanoseconds
   */
  public long busyNanos() {
    return (long) BUSY.getAcquire(this);
  }

  /**
   * Returns the idle time of the stage's thread so far.
   *
   * @return nanoseconds
   */
  public long idleNanos() {
    return (long) IDLE.getAcquire(this);
  }

  /**
   * Returns the batch sizes recorded so far.
   *
   * @return the distribution
   */
  public Distribution batchSizes() {
    return batchSizes.summary();
  }

  /**
   * Returns the processing times recorded so far, in nanoseconds.
   *
   * @return the distribution
   */
  public Distribution processingNanos() {
    return processing.summary();
  }
}
