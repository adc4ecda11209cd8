package io.sluice.testkit;

import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.Context;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A run of a pipeline on the calling thread under a {@link VirtualClock}: no ring, no stage thread.
 * Every stage is the runtime's own step, chained to the next one, so batching, flush reasons and
 * counting are exactly the runtime's; only the scheduling is deterministic.
 *
 * <ul>
 *   <li>Starting it opens the source and the stages, in pipeline order, then pulls the source
 *       until it has nothing more to give: a finite source is read to its end at once.
 *   <li>A {@link TestSource} push, or a push to {@link #input()}, carries the records through every
 *       stage before it returns.
 *   <li>{@link VirtualClock#advance} flushes with reason TIME every batch that falls due, stepping
 *       through the deadlines in time order and flushing the due stages in pipeline order; then the
 *       source is pulled again.
 *   <li>The end of the source (or {@link LiveInput#complete()}) flushes every stage's batch with
 *       END_OF_STREAM in pipeline order and closes everything; {@link #close()} does the same with
 *       DRAIN; {@link #cancel()} closes without flushing.
 * </ul>
 *
 * <p>A stage failure ends the run as on the runtime: every opened stage is closed and
 * {@link #awaitCompletion()} (or {@link #close()}) throws the {@link StageFailedException}; the push
 * that caused it returns normally. Since nothing runs but the calling thread, waiting for a run that
 * has not ended is an error, not a wait.
 *
 * <p>Confined to the thread that started it: pushing, advancing the clock or awaiting from another
 * thread is rejected. Create one with {@link PipelineTester#runDeterministic} or
 * {@link DeterministicRunner}.
 *
 * @param <T> the type of the records the pipeline's input accepts
 */
public final class DeterministicRun<T> implements RunningPipeline<T> {
  private final Pipeline<T> pipeline;
  private final VirtualClock clock;
  private final RunControl control;
  private final List<Step> steps = new ArrayList<>();
  private final Thread owner = Thread.currentThread();
  private final long startNanos;
  private final TimeDriven timer = new Timer();
  private final StageDefinition inputStage;
  private Source<Object> source;
  private DeterministicInput<T> input;
  private boolean sourceOpened;
  private int stepsOpened;
  private long produced;
  private boolean busy;
  private boolean pullRequested;
  private PipelineReport report;
  private boolean failureReported;

  @SuppressWarnings("unchecked")
  DeterministicRun(Pipeline<T> pipeline, VirtualClock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
    this.control = new RunControl(pipeline.name());
    this.startNanos = clock.nanoTime();
    List<StageDefinition> stages = pipeline.stages();
    this.inputStage = stages.get(0);
    for (int i = 1; i < stages.size(); i++) {
      StageDefinition def = stages.get(i);
      if (!def.inputs().equals(List.of(stages.get(i - 1).name()))) {
        throw new IllegalArgumentException("the deterministic runner runs linear pipelines: stage '"
            + def.name() + "' of pipeline '" + pipeline.name() + "' reads from " + def.inputs());
      }
      Context context = new Context(pipeline.name(), def.name(), def.dispatch(), clock);
      Step step = new Step(def.kind(),
          def.kind().isSink() ? Step.sinkAsStage(def.newSink()) : def.newStage(), context, control);
      if (!steps.isEmpty()) {
        steps.get(steps.size() - 1).connect(step::accept);
      }
      steps.add(step);
    }
    if (inputStage.kind() == StageKind.LIVE_INPUT) {
      input = new DeterministicInput<>(this, inputStage.name(),
          (Class<T>) inputStage.liveRecordType());
    } else {
      source = (Source<Object>) inputStage.newSource();
    }
  }

  /** Opens the source and the stages in pipeline order, then pulls what the source has. */
  void start() {
    clock.register(timer);
    busy = true;
    try {
      if (source != null) {
        sourceOpened = true;
        try {
          source.open(new SourceContext(pipeline.name(), inputStage.name(), clock, this::pull));
        } catch (Exception e) {
          throw control.fail(inputStage.name(), null, null, e);
        }
      }
      for (Step step : steps) {
        stepsOpened++;
        step.open();
      }
    } catch (StageFailedException e) {
      stop(null);
      return;
    } finally {
      busy = false;
    }
    pull();
  }

  /** Polls the source until it has nothing more to give now, or ends. Re-entrant calls defer. */
  void pull() {
    if (report != null || source == null) {
      return;
    }
    checkOwner("pull from the source");
    if (busy) {
      pullRequested = true;
      return;
    }
    busy = true;
    try {
      do {
        pullRequested = false;
        long before = produced;
        boolean more;
        try {
          more = source.poll(this::fromSource);
        } catch (StageFailedException e) {
          throw e;
        } catch (Exception e) {
          throw control.fail(inputStage.name(), null, null, e);
        }
        if (!more) {
          endInput(FlushReason.END_OF_STREAM);
          return;
        }
        if (produced != before) {
          pullRequested = true;
        }
      } while (pullRequested && report == null);
    } catch (StageFailedException e) {
      stop(null);
    } finally {
      busy = false;
    }
  }

  private void fromSource(Object record) {
    if (record == null) {
      throw new NullPointerException("source '" + inputStage.name() + "' emitted null");
    }
    produced++;
    steps.get(0).accept(record);
  }

  /** Carries one live-input record through the pipeline. */
  void acceptLive(Object record) {
    checkOwner("push to the live input");
    if (busy) {
      throw new IllegalStateException("live input '" + inputStage.name() + "' of pipeline '"
          + pipeline.name() + "' was pushed to from inside a stage; push from the test");
    }
    busy = true;
    try {
      produced++;
      steps.get(0).accept(record);
    } catch (StageFailedException e) {
      stop(null);
    } finally {
      busy = false;
    }
  }

  /** Completes the live input from the test: the stream ends with END_OF_STREAM. */
  void completeInput() {
    if (report == null) {
      checkOwner("complete the live input");
      requireNotBusy("complete the live input of");
      endInput(FlushReason.END_OF_STREAM);
    }
  }

  /** Tells whether the run has ended. */
  boolean ended() {
    return report != null;
  }

  /** Ends the input: flushes every stage with {@code reason} in pipeline order, closes all. */
  private void endInput(FlushReason reason) {
    if (report != null) {
      return;
    }
    boolean wasBusy = busy;
    busy = true;
    try {
      control.inputEnded(reason);
      for (Step step : steps) {
        step.flush(reason);
      }
      stop(null);
    } catch (StageFailedException e) {
      stop(null);
    } finally {
      busy = wasBusy;
    }
  }

  /** Closes the source and every opened stage (recording failures), then builds the report. */
  private void stop(PipelineReport.Outcome forced) {
    if (report != null) {
      return;
    }
    clock.unregister(timer);
    if (sourceOpened) {
      sourceOpened = false;
      try {
        source.close();
      } catch (Exception e) {
        control.fail(inputStage.name(), null, null, e);
      }
    }
    for (int i = 0; i < stepsOpened; i++) {
      steps.get(i).close();
    }
    stepsOpened = 0;
    StageFailedException failure = control.failure();
    PipelineReport.Outcome outcome;
    if (failure != null) {
      outcome = PipelineReport.Outcome.FAILED;
    } else if (forced != null) {
      outcome = forced;
    } else if (control.inputEnd() == FlushReason.DRAIN) {
      outcome = PipelineReport.Outcome.DRAINED;
    } else {
      outcome = PipelineReport.Outcome.COMPLETED;
    }
    report = new PipelineReport(pipeline.name(), outcome,
        Duration.ofNanos(clock.nanoTime() - startNanos), stageReports(), failure);
  }

  private List<StageReport> stageReports() {
    List<StageReport> reports = new ArrayList<>();
    reports.add(StageReport.builder(inputStage.name(), inputStage.kind())
        .received(produced).emitted(produced).build());
    for (Step step : steps) {
      reports.add(Reports.of(step));
    }
    return reports;
  }

  @Override
  public String name() {
    return pipeline.name();
  }

  /**
   * Returns the clock this run measures time with.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * Moves the clock forward, flushing every batch that falls due; same as
   * {@code clock().advance(by)}.
   *
   * @param by how far
   * @return this run
   * @throws IllegalArgumentException if {@code by} is negative
   */
  public DeterministicRun<T> advance(Duration by) {
    clock.advance(by);
    return this;
  }

  /**
   * Returns how many records wait in the named stage's batch.
   *
   * @param stageName a stage after the input
   * @return the pending batch size
   * @throws IllegalArgumentException if the pipeline has no such stage after its input
   */
  public int pending(String stageName) {
    return step(stageName).pending();
  }

  /**
   * Returns the named stage's counts so far, while running or after.
   *
   * @param stageName a stage name
   * @return the stage's report
   * @throws IllegalArgumentException if the pipeline has no such stage
   */
  public StageReport stageReport(String stageName) {
    return stageReports().stream().filter(r -> r.name().equals(stageName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "pipeline '" + pipeline.name() + "' has no stage '" + stageName + "'"));
  }

  private Step step(String stageName) {
    return steps.stream().filter(s -> s.name().equals(stageName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("pipeline '" + pipeline.name()
            + "' has no stage '" + stageName + "' after its input"));
  }

  @Override
  public LiveInput<T> input() {
    if (input == null) {
      throw new IllegalStateException("pipeline '" + pipeline.name() + "' reads from source '"
          + inputStage.name() + "'; only a live pipeline has an input");
    }
    return input;
  }

  /**
   * Returns the report of the ended run.
   *
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws IllegalStateException if the run has not ended: on the calling thread nothing could
   *     end it while waiting, so complete its source or input, or close it, first
   */
  @Override
  public PipelineReport awaitCompletion() {
    pull();
    if (report == null) {
      throw new IllegalStateException(notEnded());
    }
    return reportOrThrow();
  }

  /**
   * Returns the report of the ended run; never waits.
   *
   * @param timeout ignored: nothing but the calling thread could end the run while it waited
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws TimeoutException if the run has not ended
   */
  @Override
  public PipelineReport awaitCompletion(Duration timeout) throws TimeoutException {
    pull();
    if (report == null) {
      throw new TimeoutException(notEnded());
    }
    return reportOrThrow();
  }

  private String notEnded() {
    return "deterministic run of pipeline '" + pipeline.name() + "' has not ended and cannot end "
        + "while its only thread waits: complete its " + (input != null ? "live input" : "source")
        + ", or close() or cancel() it";
  }

  private PipelineReport reportOrThrow() {
    if (report.failure().isPresent()) {
      failureReported = true;
      throw report.failure().get();
    }
    return report;
  }

  /**
   * Returns the report once the run has ended, whatever the outcome; unlike
   * {@link #awaitCompletion()} it does not throw for a failed run (the report carries the failure).
   *
   * @return the report, or empty while the run goes on
   */
  public Optional<PipelineReport> report() {
    return Optional.ofNullable(report);
  }

  @Override
  public boolean isDone() {
    return report != null;
  }

  @Override
  public void cancel() {
    if (report == null) {
      requireNotBusy("cancel");
      control.cancel();
      stop(PipelineReport.Outcome.CANCELLED);
    }
  }

  @Override
  public void close() {
    if (report == null) {
      requireNotBusy("close");
      control.requestDrain();
      endInput(FlushReason.DRAIN);
    }
    if (report.failure().isPresent() && !failureReported) {
      failureReported = true;
      throw report.failure().get();
    }
  }

  private void requireNotBusy(String action) {
    if (busy) {
      throw new IllegalStateException("cannot " + action + " deterministic run of pipeline '"
          + pipeline.name() + "' from inside one of its stages");
    }
  }

  private void checkOwner(String action) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("deterministic run of pipeline '" + pipeline.name()
          + "' belongs to thread '" + owner.getName() + "'; cannot " + action + " from thread '"
          + Thread.currentThread().getName() + "'");
    }
  }

  @Override
  public String toString() {
    return "deterministic run of pipeline '" + pipeline.name() + "' on " + clock
        + (report == null ? " (running)" : " (" + report.outcome() + ")");
  }

  /** Flushes due batches when the clock advances, then pulls the source again. */
  private final class Timer implements TimeDriven {
    @Override
    public long nextDeadline() {
      if (report != null) {
        return Long.MAX_VALUE;
      }
      long earliest = Long.MAX_VALUE;
      for (Step step : steps) {
        earliest = Math.min(earliest, step.deadline());
      }
      return earliest;
    }

    @Override
    public void fireDue(long now) {
      if (report != null) {
        return;
      }
      checkOwner("advance the virtual clock");
      if (busy) {
        throw new IllegalStateException("a stage of pipeline '" + pipeline.name()
            + "' advanced the virtual clock while processing; advance it from the test");
      }
      busy = true;
      try {
        for (Step step : steps) {
          step.flushIfDue(now);
        }
      } catch (StageFailedException e) {
        stop(null);
      } finally {
        busy = false;
      }
    }

    @Override
    public void advanced(long now) {
      pull();
    }

    @Override
    public String toString() {
      return DeterministicRun.this.toString();
    }
  }
}
