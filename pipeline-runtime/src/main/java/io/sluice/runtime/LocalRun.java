package io.sluice.runtime;

import com.google.common.base.Preconditions;
import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.runtime.engine.Context;
import io.sluice.runtime.engine.LiveChannel;
import io.sluice.runtime.engine.Outbox;
import io.sluice.runtime.engine.Ring;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.SourceWorker;
import io.sluice.runtime.engine.StageWorker;
import io.sluice.runtime.engine.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a blueprint on the local runner: builds a ring per stage, a step per stage instance
 * and a thread per stage, starts them, and assembles the report when the last thread ends.
 */
final class LocalRun<T> implements RunningPipeline<T> {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

  private final Pipeline<T> pipeline;
  private final RunControl control;
  private final List<Step> steps = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final CompletableFuture<PipelineReport> completion = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private SourceWorker sourceWorker;
  private LiveChannel<T> liveInput;
  private volatile boolean failureReported;

  LocalRun(Pipeline<T> pipeline) {
    this.pipeline = pipeline;
    this.control = new RunControl(pipeline.name());
    List<StageDefinition> stages = pipeline.stages();
    for (int i = 1; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      Preconditions.checkArgument(stage.inputs().equals(List.of(stages.get(i - 1).name())),
          "the local runner runs linear pipelines: stage '%s' of pipeline '%s' reads from %s",
          stage.name(), pipeline.name(), stage.inputs());
    }
    wire(stages);
  }

  @SuppressWarnings("unchecked")
  private void wire(List<StageDefinition> stages) {
    for (int i = 1; i < stages.size(); i++) {
      StageDefinition def = stages.get(i);
      Context context = new Context(pipeline.name(), def.name(), def.dispatch(), pipeline.clock());
      steps.add(new Step(def.kind(),
          def.kind().isSink() ? Step.sinkAsStage(def.newSink()) : def.newStage(), context, control));
    }
    StageDefinition input = stages.get(0);
    Ring next = input.kind() == StageKind.LIVE_INPUT
        ? Ring.multiProducer(stages.get(1).options().ringSize())
        : Ring.singleProducer(stages.get(1).options().ringSize());
    if (input.kind() == StageKind.LIVE_INPUT) {
      liveInput = new LiveChannel<>(input.name(), (Class<T>) input.liveRecordType(), next, control);
    } else {
      Context context = new Context(pipeline.name(), input.name(), Dispatch.perRecord(),
          pipeline.clock());
      sourceWorker = new SourceWorker(input.newSource(), context, new Outbox(next, control),
          control);
      threads.add(newThread(input.name(), sourceWorker));
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Ring ring = next;
      Outbox outbox = null;
      if (i + 1 < steps.size()) {
        next = Ring.singleProducer(stages.get(i + 2).options().ringSize());
        outbox = new Outbox(next, control);
        step.connect(outbox);
      }
      threads.add(newThread(step.name(),
          new StageWorker(List.of(step), ring, outbox, control, pipeline.clock())));
    }
  }

  private Thread newThread(String stageName, Runnable work) {
    Thread thread = new Thread(() -> {
      try {
        work.run();
      } finally {
        if (running.decrementAndGet() == 0) {
          finish();
        }
      }
    }, "sluice-" + pipeline.name() + "-" + stageName);
    thread.setDaemon(false);
    return thread;
  }

  void start() {
    running.set(threads.size());
    LOG.info("pipeline '{}' starting: {} stages, {} threads", pipeline.name(),
        pipeline.stages().size(), threads.size());
    for (Thread thread : threads) {
      thread.start();
    }
  }

  private void finish() {
    StageFailedException failure = control.failure();
    PipelineReport.Outcome outcome;
    if (failure != null) {
      outcome = PipelineReport.Outcome.FAILED;
    } else if (control.isCancelled()) {
      outcome = PipelineReport.Outcome.CANCELLED;
    } else if (control.inputEnd() == FlushReason.DRAIN) {
      outcome = PipelineReport.Outcome.DRAINED;
    } else {
      outcome = PipelineReport.Outcome.COMPLETED;
    }
    PipelineReport report = new PipelineReport(pipeline.name(), outcome,
        Duration.ofNanos(System.nanoTime() - startNanos), Reports.of(pipeline, sourceWorker,
            liveInput, steps), failure);
    LOG.info("pipeline '{}' {} in {} ms: {} records in", pipeline.name(), outcome,
        report.elapsed().toMillis(), report.stages().get(0).emitted());
    completion.complete(report);
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
    return new PipelineReport(pipeline.name(), PipelineReport.Outcome.RUNNING,
        Duration.ofNanos(System.nanoTime() - startNanos),
        Reports.of(pipeline, sourceWorker, liveInput, steps), null);
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
    try {
      return reportOrThrow(completion.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public PipelineReport awaitCompletion(Duration timeout)
      throws InterruptedException, TimeoutException {
    try {
      return reportOrThrow(completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private PipelineReport reportOrThrow(PipelineReport report) throws InterruptedException {
    joinThreads();
    if (report.failure().isPresent()) {
      failureReported = true;
      throw report.failure().get();
    }
    return report;
  }

  /** The last thread completes the report as its last act; joining makes "ended" literal. */
  private void joinThreads() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
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
    control.requestDrain();
    if (liveInput != null) {
      liveInput.end(FlushReason.DRAIN);
    }
    boolean interrupted = false;
    while (true) {
      try {
        PipelineReport report = completion.get();
        joinThreads();
        if (report.failure().isPresent() && !failureReported) {
          failureReported = true;
          throw report.failure().get();
        }
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        control.cancel();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
