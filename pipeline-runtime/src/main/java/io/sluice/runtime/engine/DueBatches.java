package io.sluice.runtime.engine;

import io.sluice.api.PipelineClock;

/** The TIME flush both kinds of worker run between polls over the steps on their thread. */
final class DueBatches {
  private DueBatches() {}

  /**
   * Flushes every batch past its deadline, then runs {@code afterFlush} if anything was flushed.
   * Reads the clock only while a batch waits.
   *
   * @return the earliest deadline still pending, or {@code Long.MAX_VALUE}
   */
  static long flush(Step[] steps, PipelineClock clock, Runnable afterFlush) {
    long earliest = Long.MAX_VALUE;
    for (Step step : steps) {
      earliest = Math.min(earliest, step.deadline());
    }
    if (earliest == Long.MAX_VALUE) {
      return earliest;
    }
    long now = clock.nanoTime();
    earliest = Long.MAX_VALUE;
    boolean flushed = false;
    for (Step step : steps) {
      flushed |= step.flushIfDue(now);
      earliest = Math.min(earliest, step.deadline());
    }
    if (flushed) {
      afterFlush.run();
    }
    return earliest;
  }
}
