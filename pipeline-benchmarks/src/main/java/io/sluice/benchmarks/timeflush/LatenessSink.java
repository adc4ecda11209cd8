package io.sluice.benchmarks.timeflush;

import io.sluice.api.FlushReason;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * A batched sink whose records are the {@link System#nanoTime()} at which each was pushed: on every
 * TIME flush it records how long after {@code first push + maxWait} the batch arrived. Recording
 * happens on the sink's thread; read the results only after the run has closed (which joins it).
 */
final class LatenessSink implements Sink<Long> {
  private final long maxWaitNanos;
  private final int warmup;
  private final Histogram lateness = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
  private final Map<FlushReason, Integer> flushes = new EnumMap<>(FlushReason.class);
  private final AtomicInteger measured = new AtomicInteger();
  private final Semaphore flushed = new Semaphore(0);
  private StageContext context;
  private int timeFlushes;
  private long early;

  /**
   * Creates the sink.
   *
   * @param maxWait the maxWait of the sink's dispatch
   * @param warmup TIME flushes to ignore first, while the JIT and the threads settle
   */
  LatenessSink(Duration maxWait, int warmup) {
    this.maxWaitNanos = maxWait.toNanos();
    this.warmup = warmup;
  }

  @Override
  public void open(StageContext stageContext) {
    this.context = stageContext;
  }

  @Override
  public void write(Long pushedAt) {
    throw new IllegalStateException("the lateness sink runs batched; a per-record write of "
        + pushedAt + " means its dispatch was lost");
  }

  @Override
  public void writeBatch(List<Long> batch) {
    long now = System.nanoTime();
    FlushReason reason = context.flushReason();
    flushes.merge(reason, 1, Integer::sum);
    if (reason == FlushReason.TIME && ++timeFlushes > warmup) {
      long late = now - batch.get(0) - maxWaitNanos;
      if (late < 0) {
        early++; // a flush before maxWait has passed would be a bug in the runtime
      } else {
        lateness.recordValue(Math.min(late, lateness.getHighestTrackableValue()));
      }
      measured.incrementAndGet();
    }
    flushed.release();
  }

  /** Returns how many TIME flushes have been measured so far; safe from any thread. */
  int measured() {
    return measured.get();
  }

  /** Waits for the next flush, at most {@code timeout}; returns whether one came. */
  boolean awaitFlush(Duration timeout) throws InterruptedException {
    return flushed.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  Histogram lateness() {
    return lateness;
  }

  long early() {
    return early;
  }

  /** Flushes for reasons other than TIME, and DRAIN at close: with a huge batch size, none. */
  int unexpectedFlushes() {
    int count = 0;
    for (Map.Entry<FlushReason, Integer> entry : flushes.entrySet()) {
      if (entry.getKey() != FlushReason.TIME && entry.getKey() != FlushReason.DRAIN) {
        count += entry.getValue();
      }
    }
    return count;
  }
}
