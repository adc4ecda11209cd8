package io.sluice.runtime;

import io.sluice.api.PipelineReport;
import io.sluice.runtime.engine.Nanos;
import io.sluice.runtime.engine.RunControl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for the end of a run, and stopping it. "Ended" means no thread of the run is alive, or
 * the runner gave up on the ones still alive: a stop (cancel, a close deadline, an interrupted
 * close) marks the run stopped and interrupts its threads; a thread still stuck in a stage's call
 * after the grace is given up on ({@code giveUp} builds the report without it). Makes sure a
 * failure is reported to someone: whoever awaits the run gets it, and a close that nobody preceded
 * with an await rethrows it.
 */
final class Completion {
  private static final Logger LOG = LoggerFactory.getLogger(Completion.class);

  private final String pipelineName;
  private final CompletableFuture<PipelineReport> report;
  private final List<Thread> threads;
  private final RunControl control;
  private final long graceNanos;
  private final Consumer<List<Thread>> giveUp;
  private final CompletableFuture<Void> stopSignal = new CompletableFuture<>();
  private volatile long stopNanos;
  private volatile boolean failureReported;

  /**
   * @param giveUp completes {@code report} without the given threads, which are still alive,
   *     unless the run's last thread is completing it already
   */
  Completion(String pipelineName, CompletableFuture<PipelineReport> report, List<Thread> threads,
      RunControl control, Duration grace, Consumer<List<Thread>> giveUp) {
    this.pipelineName = pipelineName;
    this.report = report;
    this.threads = threads;
    this.control = control;
    this.graceNanos = grace.toNanos();
    this.giveUp = giveUp;
  }

  /** Tells whether the calling thread is one of the run's: it must not wait for the run's end. */
  boolean isRunThread() {
    return threads.contains(Thread.currentThread());
  }

  /**
   * Stops the run at once: marks it stopped, then interrupts every thread of the run but the
   * caller's, so that a stage blocked in an interruptible call returns. Starts the grace after
   * which a waiter gives up on threads still stuck.
   */
  void stopNow() {
    if (!stopSignal.isDone()) {
      stopNanos = System.nanoTime();
    }
    control.cancel(); // first: a thread that sees the interrupt must also see the stop
    stopSignal.complete(null);
    Thread self = Thread.currentThread();
    for (Thread thread : threads) {
      if (thread != self && thread.isAlive()) {
        thread.interrupt();
      }
    }
  }

  PipelineReport await() throws InterruptedException {
    return reportOrThrow(waitFor(Long.MAX_VALUE));
  }

  PipelineReport await(Duration timeout) throws InterruptedException, TimeoutException {
    PipelineReport done = waitFor(deadlineAfter(timeout));
    if (done == null) {
      throw new TimeoutException("pipeline '" + pipelineName + "' has not ended within "
          + timeout);
    }
    return reportOrThrow(done);
  }

  /**
   * Returns the {@link System#nanoTime()} deadline {@code timeout} from now; {@code Long.MAX_VALUE}
   * (never) for a timeout too long for nanoTime arithmetic, which holds for about 292 years.
   */
  static long deadlineAfter(Duration timeout) {
    return timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE
        : Nanos.saturatedAdd(System.nanoTime(), timeout.toNanos());
  }

  private PipelineReport reportOrThrow(PipelineReport done) {
    if (done.failure().isPresent()) {
      failureReported = true;
      throw done.failure().get();
    }
    return done;
  }

  /**
   * Waits for the report until {@code deadline}; once a stop's grace has passed, gives up on the
   * threads still alive. Joins the threads that were not given up on.
   *
   * @param deadline a {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE} for never
   * @return the report, or {@code null} if the deadline passed first
   */
  private PipelineReport waitFor(long deadline) throws InterruptedException {
    while (true) {
      boolean stopping = stopSignal.isDone();
      long graceEnd = stopping ? Nanos.saturatedAdd(stopNanos, graceNanos) : Long.MAX_VALUE;
      long until = Math.min(deadline, graceEnd); // both far in the future compare safely
      CompletableFuture<?> wake = stopping ? report : CompletableFuture.anyOf(report, stopSignal);
      try {
        if (until == Long.MAX_VALUE) {
          wake.get();
        } else {
          wake.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      } catch (TimeoutException e) {
        // checked below
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      if (report.isDone()) {
        return joined(report.getNow(null));
      }
      long now = System.nanoTime();
      if (stopping && now - graceEnd >= 0) {
        List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
        giveUp.accept(stuck); // completes the report unless the last thread is doing it
        try {
          return joined(report.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      } else if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
        return null;
      }
    }
  }

  private PipelineReport joined(PipelineReport done) throws InterruptedException {
    if (done.abandonedThreads().isEmpty()) {
      for (Thread thread : threads) {
        thread.join(); // the last thread completes the report as its last act
      }
    }
    return done;
  }

  /**
   * Waits for the end of a run that was asked to drain: stops it if {@code deadline} (in
   * {@link System#nanoTime()}) passes or the thread is interrupted, and then waits at most the
   * grace for its threads. Keeps the interrupt status.
   *
   * @param deadline when to stop, or {@code Long.MAX_VALUE} for never
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
        done = waitFor(until);
        if (done != null) {
          break;
        }
        LOG.warn("pipeline '{}' did not drain before the close deadline; cancelling it (records "
            + "not yet finished are counted as stranded)", pipelineName);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      stopNow();
      until = Long.MAX_VALUE; // the grace bounds the wait from now on
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
