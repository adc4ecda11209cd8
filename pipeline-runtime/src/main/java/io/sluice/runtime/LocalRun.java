package io.sluice.runtime;

import com.google.common.base.Preconditions;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.LocalSchedule;
import io.sluice.runtime.engine.Nanos;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.RunPlan;
import io.sluice.runtime.engine.RunReports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final LocalSchedule wiring;
  private final List<Thread> threads = new ArrayList<>();
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
    this.pipeline = pipeline;
    this.control = new RunControl(pipeline.name(), pipeline.isNamed());
    this.countsHook = countsHook;
    this.plan = RunPlan.of(pipeline, control, timing);
    this.wiring = LocalSchedule.of(plan);
    wiring.threads().forEach((name, work) -> threads.add(newThread(name, work)));
    this.waiting = new Completion(pipeline.name(), completion, threads, control);
  }

  private Thread newThread(String name, Runnable work) {
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } finally {
        if (running.decrementAndGet() == 0) {
          finish();
        }
      }
    }, name);
    thread.setDaemon(false);
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
    try {
      wiring.countStranded();
      List<StageReport> rows = countsHook.apply(RunReports.finished(plan, wiring::produced));
      PipelineReport report = RunReports.report(plan, RunReports.outcome(control, null),
          Duration.ofNanos(System.nanoTime() - startNanos), rows);
      LOG.info("pipeline '{}' {} in {} ms", pipeline.name(), report.outcome(),
          report.elapsed().toMillis());
      completion.complete(report);
    } catch (Throwable bug) {
      LOG.error("pipeline '{}': building the report failed", pipeline.name(), bug);
      completion.completeExceptionally(bug);
    }
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
    return waiting.await();
  }

  @Override
  public PipelineReport awaitCompletion(Duration timeout) throws InterruptedException,
      TimeoutException {
    return waiting.await(timeout);
  }

  @Override
  public Optional<PipelineReport> report() {
    return isDone() && !completion.isCompletedExceptionally()
        ? Optional.of(completion.join()) : Optional.empty();
  }

  @Override
  public boolean isDone() {
    return completion.isDone() && threads.stream().noneMatch(Thread::isAlive);
  }

  @Override
  public void cancel() {
    if (!completion.isDone()) {
      control.cancel();
    }
  }

  @Override
  public void close() {
    drainUntil(Long.MAX_VALUE);
    waiting.closeUntil(Long.MAX_VALUE, false);
  }

  @Override
  public PipelineReport close(Duration timeout) {
    Preconditions.checkNotNull(timeout, "pipeline '%s': close timeout", pipeline.name());
    Preconditions.checkArgument(!timeout.isNegative(),
        "pipeline '%s': the close timeout must not be negative but was %s", pipeline.name(),
        timeout);
    // nanoTime readings compare safely only within ~292 years; a longer timeout means "never"
    long deadline = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE
        : Nanos.saturatedAdd(System.nanoTime(), timeout.toNanos());
    drainUntil(deadline);
    return waiting.closeUntil(deadline, true);
  }

  /** Asks the input to stop and everything accepted to drain; cancels if the deadline passes. */
  private void drainUntil(long deadline) {
    control.requestDrain();
    if (!wiring.drainLive(deadline)) {
      LOG.warn("pipeline '{}': the live input could not be ended before the close deadline; "
          + "cancelling", pipeline.name());
      control.cancel();
    }
  }
}
