package io.sluice.runtime.engine;

import io.sluice.api.Distribution;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * One distribution of a stage's {@link StageMeters}: recorded by the stage's thread without locks,
 * summarised by any thread, which folds what was recorded since its last summary into a running
 * total. It is HdrHistogram's single-writer recorder, written out so that a run pays only for
 * what it records: the writer makes its histogram on its first value, sized for that value (not
 * grown from the smallest size, copying), and a summary swaps the writer's histogram for a
 * recycled one, or for none (the writer makes the next if it records again), instead of
 * allocating one per summary. A summary takes nothing when nothing was recorded since the last
 * one (a run's report reads every meter of every stage, most of which record nothing: batch sizes
 * of a per-record stage, processing time of a fused one), adopts the first histogram it takes as
 * its total, and reads the distribution in one walk ({@link HistogramSummary}). Values, buckets
 * and answers are those of {@code new Histogram(3)} with auto-resize.
 */
final class Meter {
  private static final int SIGNIFICANT_DIGITS = 3;
  private static final VarHandle ACTIVE;
  private static final VarHandle RECORDINGS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACTIVE = lookup.findVarHandle(Meter.class, "active", Histogram.class);
      RECORDINGS = lookup.findVarHandle(Meter.class, "recordings", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  /** What the writer records into; swapped by a summary, under the phaser. */
  @SuppressWarnings("unused") // written and read through ACTIVE
  private Histogram active;
  /** How many times the writer recorded; a summary compares it with {@link #summarised}. */
  @SuppressWarnings("unused") // written and read through RECORDINGS
  private long recordings;
  // the reader's side, under this object's lock
  private long summarised;
  private Histogram spare;
  private Histogram total;

  /** Records {@code count} occurrences of {@code value}; by the stage's thread only. */
  void record(long value, long count) {
    long critical = phaser.writerCriticalSectionEnter();
    try {
      Histogram histogram = (Histogram) ACTIVE.getAcquire(this);
      if (histogram == null) {
        Histogram made = sizedFor(value);
        // a summary may have put a recycled one in meanwhile: then that one is the writer's
        histogram = (Histogram) ACTIVE.compareAndExchange(this, null, made);
        if (histogram == null) {
          histogram = made;
        }
      }
      histogram.recordValueWithCount(value, count);
    } finally {
      phaser.writerCriticalSectionExit(critical);
    }
    RECORDINGS.setRelease(this, (long) RECORDINGS.getOpaque(this) + 1); // after the value
  }

  /** An empty histogram as {@code new Histogram(3)} would grow to hold {@code value}. */
  private static Histogram sizedFor(long value) {
    Histogram histogram = new Histogram(Math.max(2L, value), SIGNIFICANT_DIGITS);
    histogram.setAutoResize(true);
    return histogram;
  }

  /** Summarises every value recorded so far, from any thread. */
  synchronized Distribution summary() {
    long recorded = (long) RECORDINGS.getAcquire(this);
    if (recorded != summarised) {
      summarised = recorded;
      Histogram taken;
      phaser.readerLock();
      try {
        // one atomic swap: a histogram the writer is making now is either taken here or stays
        // the writer's; null: the writer makes one if it records again
        taken = (Histogram) ACTIVE.getAndSet(this, spare);
        spare = null;
        phaser.flipPhase(); // waits for a record under way: taken is the writer's no more
      } finally {
        phaser.readerUnlock();
      }
      // taken is null when the values counted went into the histogram the last swap took
      if (taken != null && total == null) {
        total = taken; // the first histogram taken is the total so far: adopted, not copied
      } else if (taken != null) {
        total.add(taken);
        taken.reset();
        spare = taken;
      }
    }
    return total == null ? Distribution.empty() : HistogramSummary.of(total);
  }
}
