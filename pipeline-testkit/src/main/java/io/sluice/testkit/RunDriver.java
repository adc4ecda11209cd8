package io.sluice.testkit;

import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The working part of a {@link DeterministicRun}: the runtime's steps chained on the calling
 * thread, each with its stage's dispatch and error policy, the source pulled until it idles, due
 * batches flushed when the clock says. Guards against re-entry (a stage pushing or advancing the
 * clock while it is being driven) and against other threads. Checks the accounting of every run as
 * it ends, as the runtime does.
 */
final class RunDriver implements TimeDriven {
  private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);

  private final Pipeline<?> pipeline;
  private final VirtualClock clock;
  private final RunControl control;
  private final List<Step> steps = new ArrayList<>();
  private final Thread owner = Thread.currentThread();
  private final long startNanos;
  private final StageDefinition inputStage;
  private final Source<Object> source;
  private boolean sourceOpened;
  private int stepsOpened;
  private long produced;
  private boolean busy;
  private boolean pullRequested;
  private PipelineReport report;

  @SuppressWarnings("unchecked")
  RunDriver(Pipeline<?> pipeline, VirtualClock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
    this.control = new RunControl(pipeline.name());
    this.startNanos = clock.nanoTime();
    this.inputStage = pipeline.stages().get(0);
    for (Step step : DeterministicSteps.of(pipeline, clock, control)) {
      if (!steps.isEmpty()) {
        steps.get(steps.size() - 1).connect(record -> deliver(step, record));
      }
      steps.add(step);
    }
    this.source = inputStage.kind() == StageKind.LIVE_INPUT ? null
        : (Source<Object>) inputStage.newSource();
  }

  String name() {
    return pipeline.name();
  }

  StageDefinition inputStage() {
    return inputStage;
  }

  VirtualClock clock() {
    return clock;
  }

  /** Opens the source and the stages in pipeline order, then pulls what the source has. */
  void start() {
    clock.register(this);
    busy = true;
    try {
      if (source != null) {
        sourceOpened = true;
        try {
          source.open(new SourceContext(pipeline.name(), inputStage.name(), clock, this::pull));
        } catch (Exception | Error e) {
          throw control.fail(inputStage.name(), null, null, e);
        }
      }
      for (Step step : steps) {
        stepsOpened++;
        guard(step, step::open);
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
        } catch (Exception | Error e) {
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
    deliver(steps.get(0), record);
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
      deliver(steps.get(0), record);
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

  /** Returns the report once the run has ended, else {@code null}. */
  PipelineReport report() {
    return report;
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
        guard(step, () -> step.flush(reason));
      }
      stop(null);
    } catch (StageFailedException e) {
      stop(null);
    } finally {
      busy = wasBusy;
    }
  }

  /**
   * Closes the source and every opened stage (recording failures), then builds and checks the
   * report. Records still waiting in a batch (the run failed or was cancelled) are stranded.
   */
  private void stop(PipelineReport.Outcome forced) {
    if (report != null) {
      return;
    }
    clock.unregister(this);
    for (Step step : steps) {
      step.abandonPending(); // empty unless the run stopped with a batch waiting
    }
    if (sourceOpened) {
      sourceOpened = false;
      try {
        source.close();
      } catch (Exception | Error e) {
        control.fail(inputStage.name(), null, null, e);
      }
    }
    for (int i = 0; i < stepsOpened; i++) {
      Step step = steps.get(i);
      try {
        step.close(); // records an exception of the stage's close itself
      } catch (Error e) {
        control.fail(step.name(), null, null, e);
      }
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
    List<StageReport> stages = stageReports();
    List<String> breaches = Accounting.flowBreaches(stages);
    if (!breaches.isEmpty()) {
      LOG.error("pipeline '{}': ACCOUNTING BREACH in a deterministic run (a bug in Sluice, "
          + "please report it): {}", pipeline.name(), breaches);
    }
    report = new PipelineReport(pipeline.name(), outcome,
        Duration.ofNanos(clock.nanoTime() - startNanos), stages, failure, breaches);
  }

  List<StageReport> stageReports() {
    List<StageReport> reports = new ArrayList<>();
    reports.add(StageReport.builder(inputStage.name(), inputStage.kind())
        .received(produced).emitted(produced).passedOn(produced).build());
    for (Step step : steps) {
      reports.add(Reports.of(step));
    }
    return reports;
  }

  /** Hands a record to a step; see {@link #guard}. */
  private void deliver(Step step, Object record) {
    try {
      step.accept(record);
    } catch (Error e) {
      throw control.fail(step.name(), record, null, e);
    }
  }

  /**
   * Runs a step's work. The step turns a stage's exception into the run's failure; an
   * {@link Error} (an assertion failing inside a test's stage, say) fails the run the same way, as
   * the runtime's threads do, instead of leaving the run half-way.
   */
  private void guard(Step step, Runnable work) {
    try {
      work.run();
    } catch (Error e) {
      throw control.fail(step.name(), null, null, e);
    }
  }

  /** Stops reading the input and drains: every stage flushes with DRAIN, everything closes. */
  void drain() {
    if (report == null) {
      requireNotBusy("close");
      control.requestDrain();
      endInput(FlushReason.DRAIN);
    }
  }

  /** Closes everything without flushing. */
  void cancel() {
    if (report == null) {
      requireNotBusy("cancel");
      control.cancel();
      stop(PipelineReport.Outcome.CANCELLED);
    }
  }

  Step step(String stageName) {
    return steps.stream().filter(s -> s.name().equals(stageName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("pipeline '" + pipeline.name()
            + "' has no stage '" + stageName + "' after its input"));
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
        guard(step, () -> step.flushIfDue(now));
      }
    } catch (StageFailedException e) {
      stop(null);
    } finally {
      busy = false;
    }
  }

  /** Pulls the source again: a source may have something once time has moved. */
  @Override
  public void advanced(long now) {
    pull();
  }

  @Override
  public String toString() {
    return "deterministic run of pipeline '" + pipeline.name() + "' on " + clock
        + (report == null ? " (running)" : " (" + report.outcome() + ")");
  }
}
