package io.sluice.benchmarks.latency;

import org.HdrHistogram.Histogram;

/**
 * What the sink of a latency run records, on the sink's thread: end-to-end time (push to sink)
 * and every hop (push to stage 1, stage to stage, stage 3 to sink) in one histogram, for probes
 * pushed after the warm-up. Read by the driver once the run has ended.
 */
final class Recorder {
  private static final long HIGHEST = 60_000_000_000L;

  final Histogram endToEnd = new Histogram(HIGHEST, 3);
  final Histogram hop = new Histogram(HIGHEST, 3);
  /** Slow-stage scenario: from the slow stage returning a probe to the next stage taking it. */
  final Histogram afterSlowStage = new Histogram(HIGHEST, 3);
  /** Slow-stage scenario: push to sink of the first probe of each burst. */
  final Histogram firstOfBurst = new Histogram(HIGHEST, 3);
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long arrived;

  /** Counts only probes pushed from now on. */
  void startMeasuring() {
    measureFrom = System.nanoTime();
  }

  /** Records a probe at the sink (call on the sink's thread). */
  void arrive(Probe probe) {
    probe.enter(Probe.STAGES);
    if (probe.pushed - measureFrom >= 0) {
      long[] at = probe.entered;
      endToEnd.recordValue(Math.max(0, at[Probe.STAGES] - probe.pushed));
      long before = probe.pushed;
      for (long time : at) {
        hop.recordValue(Math.max(0, time - before));
        before = time;
      }
      if (probe.leftSlowStage != 0) {
        afterSlowStage.recordValue(Math.max(0, at[2] - probe.leftSlowStage));
      }
      if (probe.burstIndex == 0) {
        firstOfBurst.recordValue(Math.max(0, at[Probe.STAGES] - probe.pushed));
      }
    }
    arrived++; // one writer: the sink's thread
  }

  /** Records a probe that went straight from the push to the sink: end-to-end time only. */
  void arriveDirect(Probe probe) {
    long now = System.nanoTime();
    if (probe.pushed - measureFrom >= 0) {
      endToEnd.recordValue(Math.max(0, now - probe.pushed));
    }
    arrived++;
  }

  long arrived() {
    return arrived;
  }
}
