package io.sluice.runtime;

import com.google.common.base.Preconditions;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.AbandonedRows;
import io.sluice.runtime.engine.CheckpointCoordinator;
import io.sluice.runtime.engine.LocalSchedule;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.RunPlan;
import io.sluice.runtime.engine.RunReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a blueprint on the local runner: builds a step per stage instance, and a thread (with
 * an input ring) per group of stages fused together (see {@link io.sluice.runtime.engine.LocalSchedule}), starts them, and
 * assembles and checks the report when the last thread ends. Closing waits through
 * {@link Completion}.
 */
final class LocalRun<T> implements RunningPipeline<T> {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

  private final Pipeline<T> pipeline;
  private final RunControl control;
  private final UnaryOperator<List<StageReport>> countsHook;
  private final RunPlan plan;
  /**
   * How long a drain lets a source's poll run before interrupting it, if it is not waiting for room
   * downstream: a poll still under way then waits for data that may never come.
   */
  static final long DRAIN_POLL_PATIENCE_NANOS = 100_000_000L;
  private final LocalSchedule wiring;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<Thread, String> threadNames = new HashMap<>();
  /** Claimed by whoever builds the report: the last thread to end, or a close giving up. */
  private final AtomicBoolean reportClaimed = new AtomicBoolean();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<PipelineReport> completion = new CompletableFuture<>();
  private final Completion waiting;
  private long startNanos;

  LocalRun(Pipeline<T> pipeline) {
    this(pipeline, true);
  }

  LocalRun(Pipeline<T> pipeline, boolean timing) {
    this(pipeline, UnaryOperator.identity(), timing);
  }

  LocalRun(Pipeline<T> pipeline, UnaryOperator<List<StageReport>> countsHook) {
    this(pipeline, countsHook, true);
  }

  LocalRun(Pipeline<T> pipeline, UnaryOperator<List<StageReport>> countsHook, boolean timing) {
    this(pipeline, countsHook, RunnerSettings.defaults(timing));
  }

  LocalRun(Pipeline<T> pipeline, UnaryOperator<List<StageReport>> countsHook,
      RunnerSettings settings) {
    this.pipeline = pipeline;
    this.control = new RunControl(pipeline.name(), pipeline.isNamed());
    this.countsHook = countsHook;
    this.plan = RunPlan.of(pipeline, control, settings.timing());
    this.wiring = LocalSchedule.of(plan);
    wiring.threads().forEach((name, work) -> {
      Thread thread = newThread(settings.threadFactory(), name, work);
      threads.add(thread);
      threadNames.put(thread, name);
    });
    this.waiting = new Completion(pipeline.name(), completion, threads, control,
        settings.stopGrace(), this::abandon);
  }

  private Thread newThread(ThreadFactory factory, String name, Runnable work) {
    Thread thread = factory.newThread(() -> {
      try {
        work.run();
      } finally {
        int left = running.decrementAndGet();
        if (left == 0) {
          finish();
        } else {
          plan.heldSources().threadsRunning(left); // sources waiting for the rest may now end
        }
      }
    });
    Preconditions.checkState(thread != null, "pipeline '%s': the thread factory %s made no thread "
        + "for '%s'", pipeline.name(), factory, name);
    thread.setName(name); // the runner's names say which stages a thread runs
    return thread;
  }

  /**
   * Starts the run's threads, once.
   *
   * @throws IllegalStateException if the run was started before
   */
  void start() {
    Preconditions.checkState(started.compareAndSet(false, true), "pipeline '%s': this run was "
        + "already started; start the blueprint again for a new run", pipeline.name());
    running.set(threads.size());
    plan.heldSources().threadsRunning(threads.size());
    startNanos = System.nanoTime();
    LOG.info("pipeline '{}' starting: {} stages, {} threads", pipeline.name(),
        pipeline.stages().size(), threads.size());
    if (threads.isEmpty()) { // nothing but a live input and what it feeds has no thread: impossible
      finish();
    }
    for (Thread thread : threads) {
      thread.start();
    }
  }

  /** Runs on the last thread to end: builds and checks the report, then completes the run. */
  private void finish() {
    if (!reportClaimed.compareAndSet(false, true)) {
      LOG.info("pipeline '{}': the threads given up on have ended after all", pipeline.name());
      return;
    }
    try {
      wiring.countStranded();
      List<StageReport> rows = countsHook.apply(RunReports.finished(plan, wiring::produced));
      PipelineReport report = withCheckpoints(RunReports.report(plan,
          RunReports.outcome(control, null), Duration.ofNanos(System.nanoTime() - startNanos),
          rows), wiring::produced);
      LOG.info("pipeline '{}' {} in {} ms", pipeline.name(), report.outcome(),
          report.elapsed().toMillis());
      completion.complete(report);
    } catch (Throwable bug) {
      LOG.error("pipeline '{}': building the report failed", pipeline.name(), bug);
      completion.completeExceptionally(bug);
    }
  }

  /**
   * Gives up on threads stuck in a stage's call after a stop and its grace: builds the report
   * without them (what they hold counts as stranded), naming each in the report and the log.
   * Does nothing if the last thread is already building the report.
   */
  private void abandon(List<Thread> stuck) {
    if (!reportClaimed.compareAndSet(false, true)) {
      return;
    }
    try {
      List<PipelineReport.AbandonedThread> named = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Set<String> nodes = new HashSet<>();
      for (Thread thread : stuck) {
        String name = threadNames.get(thread);
        List<String> stages = wiring.nodesOf(name);
        PipelineReport.AbandonedThread abandoned =
            new PipelineReport.AbandonedThread(thread.getName(), stages, StuckFrame.of(thread));
        named.add(abandoned);
        names.add(name);
        nodes.addAll(stages);
        LOG.error("pipeline '{}': giving up on {}: it did not end after the run was stopped and "
            + "interrupted; its records are counted as stranded, and its stages are closed only "
            + "if the call returns", pipeline.name(), abandoned);
      }
      wiring.countStrandedExcept(names);
      List<StageReport> rows = countsHook.apply(AbandonedRows.rows(plan, nodes,
          input -> nodes.contains(input) ? wiring.producedPublished(input)
              : wiring.produced(input)));
      PipelineReport report = withCheckpoints(RunReports.report(plan,
          RunReports.outcome(control, null), Duration.ofNanos(System.nanoTime() - startNanos),
          rows, named), wiring::producedPublished);
      LOG.info("pipeline '{}' {} in {} ms, {} thread(s) abandoned", pipeline.name(),
          report.outcome(), report.elapsed().toMillis(), named.size());
      completion.complete(report);
    } catch (Throwable bug) {
      LOG.error("pipeline '{}': building the report failed", pipeline.name(), bug);
      completion.completeExceptionally(bug);
    }
  }

  /** Ends the run's checkpoints, if it takes any, and adds what they did to the report. */
  private PipelineReport withCheckpoints(PipelineReport report, ToLongFunction<String> produced) {
    CheckpointCoordinator checkpoints = plan.checkpoints();
    return checkpoints == null ? report
        : report.withCheckpoints(checkpoints.finish(report.outcome(), produced));
  }

  @Override
  public String name() {
    return pipeline.name();
  }

  @Override
  public Pipeline<T> pipeline() {
    return pipeline;
  }

  @Override
  public PipelineReport metrics() {
    if (completion.isDone()) {
      return completion.join();
    }
    List<StageReport> stages = RunReports.snapshot(plan, wiring::producedPublished);
    return new PipelineReport(pipeline.name(), PipelineReport.Outcome.RUNNING,
        Duration.ofNanos(started.get() ? System.nanoTime() - startNanos : 0), stages, null,
        List.of());
  }

  @Override
  public LiveInput<T> input() {
    if (wiring.live() == null) {
      throw new IllegalStateException("pipeline '" + pipeline.name() + "' reads from source '"
          + pipeline.inputs().get(0).name() + "'; only a live pipeline has an input");
    }
    @SuppressWarnings("unchecked")
    LiveInput<T> input = (LiveInput<T>) wiring.live();
    return input;
  }

  @Override
  public PipelineReport awaitCompletion() throws InterruptedException {
    checkNotRunThread("awaitCompletion()");
    return waiting.await();
  }

  @Override
  public PipelineReport awaitCompletion(Duration timeout) throws InterruptedException,
      TimeoutException {
    Preconditions.checkNotNull(timeout, "pipeline '%s': await timeout", pipeline.name());
    checkNotRunThread("awaitCompletion(Duration)");
    return waiting.await(timeout);
  }

  /** A thread of the run waiting for the run's end would wait for itself. */
  private void checkNotRunThread(String call) {
    if (waiting.isRunThread()) {
      throw new IllegalStateException("pipeline '" + pipeline.name() + "': " + call + " was "
          + "called from the run's own thread '" + Thread.currentThread().getName() + "', which "
          + "would wait for itself; from a stage, call close() to ask for a drain (it returns at "
          + "once) or cancel()");
    }
  }

  @Override
  public Optional<PipelineReport> report() {
    return isDone() && !completion.isCompletedExceptionally()
        ? Optional.of(completion.join()) : Optional.empty();
  }

  @Override
  public boolean isDone() {
    if (!completion.isDone()) {
      return false;
    }
    PipelineReport done = completion.getNow(null);
    Set<String> abandoned = new HashSet<>();
    if (done != null) {
      done.abandonedThreads().forEach(t -> abandoned.add(t.threadName()));
    }
    return threads.stream().noneMatch(t -> t.isAlive() && !abandoned.contains(t.getName()));
  }

  @Override
  public void cancel() {
    if (!completion.isDone()) {
      waiting.stopNow();
    }
  }

  @Override
  public void close() {
    if (waiting.isRunThread()) {
      // a stage closing its own run: waiting would deadlock, so this only asks for the drain
      LOG.info("pipeline '{}': close() called from its own thread '{}'; draining without waiting",
          pipeline.name(), Thread.currentThread().getName());
      control.requestDrain();
      wiring.requestLiveEnd();
      return;
    }
    drainUntil(Long.MAX_VALUE);
    waiting.closeUntil(Long.MAX_VALUE, false);
  }

  @Override
  public PipelineReport close(Duration timeout) {
    Preconditions.checkNotNull(timeout, "pipeline '%s': close timeout", pipeline.name());
    Preconditions.checkArgument(!timeout.isNegative(),
        "pipeline '%s': the close timeout must not be negative but was %s", pipeline.name(),
        timeout);
    checkNotRunThread("close(Duration)");
    long deadline = Completion.deadlineAfter(timeout);
    drainUntil(deadline);
    return waiting.closeUntil(deadline, true);
  }

  /** Asks the input to stop and everything accepted to drain; cancels if the deadline passes. */
  private void drainUntil(long deadline) {
    control.requestDrain();
    if (!wiring.drainLive(deadline)) {
      LOG.warn("pipeline '{}': the live input could not be ended before the close deadline; "
          + "cancelling", pipeline.name());
      waiting.stopNow();
      return;
    }
    // a source blocked in its poll waiting for data would never see the drain
    wiring.interruptPollsWaitingForData(DRAIN_POLL_PATIENCE_NANOS, deadline);
  }
}
