package io.sluice.runtime;

import io.sluice.api.PipelineReport;
import io.sluice.runtime.engine.RunControl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for the end of a run: for its report, and for every one of its threads, so that "ended"
 * means no thread of the run is alive. Makes sure a failure is reported to someone: whoever awaits
 * the run gets it, and a close that nobody preceded with an await rethrows it.
 */
final class Completion {
  private static final Logger LOG = LoggerFactory.getLogger(Completion.class);

  private final String pipelineName;
  private final CompletableFuture<PipelineReport> report;
  private final List<Thread> threads;
  private final RunControl control;
  private volatile boolean failureReported;

  Completion(String pipelineName, CompletableFuture<PipelineReport> report, List<Thread> threads,
      RunControl control) {
    this.pipelineName = pipelineName;
    this.report = report;
    this.threads = threads;
    this.control = control;
  }

  PipelineReport await() throws InterruptedException {
    try {
      return reportOrThrow(report.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  PipelineReport await(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      return reportOrThrow(report.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private PipelineReport reportOrThrow(PipelineReport done) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join(); // the last thread completes the report as its last act
    }
    if (done.failure().isPresent()) {
      failureReported = true;
      throw done.failure().get();
    }
    return done;
  }

  /**
   * Waits for the end of a run that was asked to drain: cancels it if {@code deadline} (in
   * {@link System#nanoTime()}) passes or the thread is interrupted, and then waits for the cancel
   * to take effect, which is quick. Keeps the interrupt status.
   *
   * @param deadline when to cancel, or {@code Long.MAX_VALUE} for never
   * @param throwReported whether to throw a failure that an await already reported
   * @return the report
   * @throws io.sluice.api.StageFailedException if the run failed (and, unless
   *     {@code throwReported}, nobody was told yet)
   */
  PipelineReport closeUntil(long deadline, boolean throwReported) {
    boolean interrupted = false;
    long until = deadline;
    PipelineReport done;
    while (true) {
      try {
        done = until == Long.MAX_VALUE ? report.get()
            : report.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        break;
      } catch (TimeoutException e) {
        LOG.warn("pipeline '{}' did not drain before the close deadline; cancelling it (records "
            + "not yet finished are counted as stranded)", pipelineName);
        control.cancel();
        until = Long.MAX_VALUE;
      } catch (InterruptedException e) {
        interrupted = true;
        control.cancel();
        until = Long.MAX_VALUE;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (done.failure().isPresent() && (throwReported || !failureReported)) {
      failureReported = true;
      throw done.failure().get();
    }
    return done;
  }
}
