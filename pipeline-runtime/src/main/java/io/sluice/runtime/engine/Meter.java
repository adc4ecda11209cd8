package io.sluice.runtime.engine;

import io.sluice.api.Distribution;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One distribution of a stage's {@link StageMeters}: recorded by the stage's thread without locks
 * (a {@link SingleWriterRecorder}), summarised by any thread, which folds the recorder's interval
 * into a running total (the first interval becomes the total). Nothing is allocated until the
 * first value is recorded, and a summary takes no interval when nothing was recorded since the
 * last one: a run's report reads every meter of every stage, most of which record nothing (batch
 * sizes of a per-record stage, processing time of a fused one), and an interval sample allocates
 * and clears whole histograms. The distribution is read in one walk ({@link HistogramSummary}).
 */
final class Meter {
  private static final VarHandle RECORDER;
  private static final VarHandle RECORDINGS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RECORDER = lookup.findVarHandle(Meter.class, "recorder", SingleWriterRecorder.class);
      RECORDINGS = lookup.findVarHandle(Meter.class, "recordings", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Made by the writer on its first value; read by summaries through RECORDER. */
  private SingleWriterRecorder recorder;
  /** How many times the writer recorded; a summary compares it with {@link #summarised}. */
  @SuppressWarnings("unused") // written and read through RECORDINGS
  private long recordings;
  // the reader's side, under this object's lock
  private long summarised;
  private Histogram interval;
  private Histogram total;

  /** Records {@code count} occurrences of {@code value}; by the stage's thread only. */
  void record(long value, long count) {
    SingleWriterRecorder r = recorder;
    if (r == null) {
      r = new SingleWriterRecorder(3);
      RECORDER.setRelease(this, r);
    }
    r.recordValueWithCount(value, count);
    RECORDINGS.setRelease(this, (long) RECORDINGS.getOpaque(this) + 1); // after the value
  }

  /** Summarises every value recorded so far, from any thread. */
  synchronized Distribution summary() {
    long recorded = (long) RECORDINGS.getAcquire(this);
    if (recorded != summarised) {
      summarised = recorded;
      SingleWriterRecorder r = (SingleWriterRecorder) RECORDER.getAcquire(this);
      if (total == null) {
        // the first interval is the total so far: adopted, not copied (usually the only one: the
        // run's report); a later interval is added to it and recycled
        total = r.getIntervalHistogram();
      } else {
        interval = r.getIntervalHistogram(interval);
        total.add(interval);
      }
    }
    return total == null ? Distribution.empty() : HistogramSummary.of(total);
  }
}
