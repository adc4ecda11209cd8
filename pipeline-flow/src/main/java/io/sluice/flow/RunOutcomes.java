package io.sluice.flow;

import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** How the end of a run reaches a subscriber, and how a subscriber's cancel reaches a run. */
final class RunOutcomes {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private RunOutcomes() {}

  /**
   * Waits for {@code run} to end and returns the error its subscriber should receive, or
   * {@code null} for {@code onComplete}.
   *
   * <p>Waits by watching {@link RunningPipeline#report()} rather than by
   * {@link RunningPipeline#awaitCompletion()}: awaiting would count as having reported a failure
   * to someone, and the user's own {@code close()} would then no longer throw it. The run is
   * about to end when this is called (its sink has closed), so the watch is short.
   */
  static Throwable terminalSignal(RunningPipeline<?> run) {
    long pause = FIRST_PAUSE_NANOS;
    while (!run.isDone()) {
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
    Optional<PipelineReport> report = run.report();
    if (report.isEmpty()) {
      return fromAwait(run); // a runner that keeps no report: ask it, it has ended
    }
    return switch (report.get().outcome()) {
      case COMPLETED, DRAINED, RUNNING -> null;
      case CANCELLED -> cancelled(run);
      case FAILED -> report.get().failure().<Throwable>map(f -> f).orElseGet(() ->
          new IllegalStateException("pipeline '" + run.name() + "' failed"));
    };
  }

  private static Throwable fromAwait(RunningPipeline<?> run) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          PipelineReport report = run.awaitCompletion();
          return report.outcome() == PipelineReport.Outcome.CANCELLED ? cancelled(run) : null;
        } catch (StageFailedException failed) {
          return failed;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static CancellationException cancelled(RunningPipeline<?> run) {
    return new CancellationException("pipeline '" + run.name() + "' was cancelled before its "
        + "output ended");
  }

  /**
   * Closes {@code run} (drain) on a thread of its own, since closing waits for every stage thread
   * and may be asked for from one of them.
   */
  static void closeInBackground(RunningPipeline<?> run) {
    Thread closer = new Thread(() -> {
      try {
        run.close();
      } catch (StageFailedException failedAnyway) {
        // awaitCompletion() still reports it to the run's owner; the subscriber is gone
      }
    }, "sluice-flow-" + run.name() + "-drain");
    closer.setDaemon(true);
    closer.start();
  }
}
