package io.sluice.runtime;

import com.google.common.base.Preconditions;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.Context;
import io.sluice.runtime.engine.DeadLetterChannel;
import io.sluice.runtime.engine.LiveChannel;
import io.sluice.runtime.engine.Nanos;
import io.sluice.runtime.engine.Outbox;
import io.sluice.runtime.engine.Ring;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.SourceWorker;
import io.sluice.runtime.engine.StageMeters;
import io.sluice.runtime.engine.StageWorker;
import io.sluice.runtime.engine.Step;
import io.sluice.runtime.engine.StepInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 * an input ring) per group of stages fused together (see {@link FusionPlan}), starts them, and
 * assembles and checks the report when the last thread ends. Closing waits through
 * {@link Completion}.
 */
final class LocalRun<T> implements RunningPipeline<T> {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

  private final Pipeline<T> pipeline;
  private final RunControl control;
  private final UnaryOperator<List<StageReport>> countsHook;
  private final List<Reports.Wired> wired = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<PipelineReport> completion = new CompletableFuture<>();
  private final Completion waiting;
  private final boolean timing;
  private long startNanos;
  private SourceWorker sourceWorker;
  private LiveChannel<T> liveInput;

  LocalRun(Pipeline<T> pipeline) {
    this(pipeline, true);
  }

  LocalRun(Pipeline<T> pipeline, boolean timing) {
    this(pipeline, UnaryOperator.identity(), timing);
  }

  LocalRun(Pipeline<T> pipeline, UnaryOperator<List<StageReport>> countsHook) {
    this(pipeline, countsHook, true);
  }

  /**
   * @param countsHook sees (and may replace) the stage reports before the accounting check; the
   *     identity except in the test proving that a breach is caught
   */
  LocalRun(Pipeline<T> pipeline, UnaryOperator<List<StageReport>> countsHook, boolean timing) {
    this.timing = timing;
    this.pipeline = pipeline;
    this.control = new RunControl(pipeline.name());
    this.countsHook = countsHook;
    List<StageDefinition> stages = pipeline.stages();
    for (int i = 1; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      Preconditions.checkArgument(stage.inputs().equals(List.of(stages.get(i - 1).name())),
          "the local runner runs linear pipelines: stage '%s' of pipeline '%s' reads from %s",
          stage.name(), pipeline.name(), stage.inputs());
    }
    wire(stages);
    this.waiting = new Completion(pipeline.name(), completion, threads, control);
  }

  /**
   * Builds a step per stage and a thread per {@link FusionPlan} group: the source's thread runs
   * the source and the steps fused onto it; every other group gets an input ring (sized by its
   * first stage) and a {@link StageWorker} running its steps, connected by direct calls.
   */
  private void wire(List<StageDefinition> stages) {
    List<Step> steps = newSteps(stages);
    List<List<StageDefinition>> groups = FusionPlan.of(pipeline).groups();
    StageDefinition input = stages.get(0);
    int first = groups.get(0).size() - 1; // the steps fused onto the input's thread come first
    List<Step> onInput = steps.subList(0, first);
    Ring ring = null;
    if (first < steps.size()) {
      int ringSize = stages.get(first + 1).options().ringSize();
      ring = input.kind() == StageKind.LIVE_INPUT ? Ring.multiProducer(ringSize)
          : Ring.singleProducer(ringSize);
    }
    Outbox inbox = null;
    if (input.kind() == StageKind.LIVE_INPUT) {
      liveInput = new LiveChannel<>(input.name(), liveType(input), ring, control);
    } else {
      inbox = ring == null ? null : new Outbox(ring, control);
      StepInput.chain(onInput, inbox);
      Context context = new Context(pipeline.name(), input.name(), Dispatch.perRecord(),
          pipeline.clock());
      sourceWorker = new SourceWorker(input.newSource(), context, onInput, inbox, control,
          pipeline.clock());
      threads.add(newThread(FusionPlan.threadName(pipeline.name(), groups.get(0)), sourceWorker));
    }
    for (Step step : onInput) {
      wired.add(new Reports.Wired(step, null, null)); // no ring of its own
    }
    int next = first;
    for (List<StageDefinition> group : groups.subList(1, groups.size())) {
      List<Step> groupSteps = steps.subList(next, next + group.size());
      next += group.size();
      Outbox outbox = null;
      Ring nextRing = null;
      if (next < steps.size()) {
        nextRing = Ring.singleProducer(stages.get(next + 1).options().ringSize());
        outbox = new Outbox(nextRing, control);
      }
      StepInput.chain(groupSteps, outbox);
      StageWorker worker = new StageWorker(groupSteps, ring, outbox, control, pipeline.clock());
      wired.add(new Reports.Wired(groupSteps.get(0), worker, inbox));
      for (Step fused : groupSteps.subList(1, groupSteps.size())) {
        wired.add(new Reports.Wired(fused, null, null));
      }
      threads.add(newThread(FusionPlan.threadName(pipeline.name(), group), worker));
      ring = nextRing;
      inbox = outbox;
    }
  }

  /** Makes one step per stage after the input, in order, sharing dead-letter channels. */
  private List<Step> newSteps(List<StageDefinition> stages) {
    Map<Sink<?>, DeadLetterChannel> channels = new IdentityHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (StageDefinition def : stages.subList(1, stages.size())) {
      Object instance = def.kind().isSink() ? def.newSink() : def.newStage();
      Sink<? super DeadLetter> deadLetterSink = def.errorPolicy().deadLetterSink().orElse(null);
      DeadLetterChannel deadLetters = deadLetterSink == null ? null
          : channels.computeIfAbsent(deadLetterSink, sink -> new DeadLetterChannel(deadLetterSink,
              new Context(pipeline.name(), "dead-letters", Dispatch.perRecord(),
                  pipeline.clock())));
      Context context = new Context(pipeline.name(), def.name(), def.dispatch(), pipeline.clock());
      steps.add(new Step(def.kind(), def.kind().isSink() ? Step.sinkAsStage((Sink<?>) instance)
          : (Stage<?, ?>) instance, context, control, def.errorPolicy(),
          deadLetters));
      if (!timing) {
        steps.get(steps.size() - 1).useMeters(new StageMeters(false));
      }
    }
    return steps;
  }

  @SuppressWarnings("unchecked")
  private Class<T> liveType(StageDefinition input) {
    return (Class<T>) input.liveRecordType();
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
    for (Thread thread : threads) {
      thread.start();
    }
  }

  /** Runs on the last thread to end: builds and checks the report, then completes the run. */
  private void finish() {
    try {
      if (liveInput != null) {
        liveInput.quiesce();
      }
      long produced = sourceWorker != null ? sourceWorker.produced() : liveInput.accepted();
      List<StageReport> stages =
          countsHook.apply(Reports.of(pipeline.stages().get(0), produced, wired));
      List<String> breaches = Accounting.breaches(stages);
      if (!breaches.isEmpty()) {
        LOG.error("pipeline '{}': ACCOUNTING BREACH (a bug in the Sluice runner, please report "
            + "it): {}", pipeline.name(), breaches);
      }
      StageFailedException failure = control.failure();
      PipelineReport report = new PipelineReport(pipeline.name(), outcome(failure),
          Duration.ofNanos(System.nanoTime() - startNanos), stages, failure, breaches);
      LOG.info("pipeline '{}' {} in {} ms: {} records in", pipeline.name(), report.outcome(),
          report.elapsed().toMillis(), produced);
      completion.complete(report);
    } catch (Throwable bug) {
      LOG.error("pipeline '{}': building the report failed", pipeline.name(), bug);
      completion.completeExceptionally(bug);
    }
  }

  private PipelineReport.Outcome outcome(StageFailedException failure) {
    if (failure != null) {
      return PipelineReport.Outcome.FAILED;
    } else if (control.isCancelled()) {
      return PipelineReport.Outcome.CANCELLED;
    } else if (control.inputEnd() == FlushReason.DRAIN) {
      return PipelineReport.Outcome.DRAINED;
    }
    return PipelineReport.Outcome.COMPLETED;
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
    List<StageReport> stages = Reports.snapshot(pipeline.stages().get(0),
        () -> sourceWorker != null ? sourceWorker.producedPublished() : liveInput.accepted(),
        wired);
    return new PipelineReport(pipeline.name(), PipelineReport.Outcome.RUNNING,
        Duration.ofNanos(started.get() ? System.nanoTime() - startNanos : 0), stages, null,
        List.of());
  }

  @Override
  public LiveInput<T> input() {
    if (liveInput == null) {
      throw new IllegalStateException("pipeline '" + pipeline.name() + "' reads from source '"
          + pipeline.stages().get(0).name() + "'; only a live pipeline has an input");
    }
    return liveInput;
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
    if (liveInput != null && !liveInput.end(FlushReason.DRAIN, deadline)) {
      LOG.warn("pipeline '{}': the live input could not be ended before the close deadline; "
          + "cancelling", pipeline.name());
      control.cancel();
    }
  }
}
