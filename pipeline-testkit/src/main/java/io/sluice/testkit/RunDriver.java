package io.sluice.testkit;

import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.CheckpointCoordinator;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.RunPlan;
import io.sluice.runtime.engine.RunReports;
import io.sluice.runtime.engine.Step;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The working part of a {@link DeterministicRun}: the runtime's {@link RunPlan} with every edge a
 * direct call on the calling thread, the sources pulled in turn until they idle, due batches
 * flushed when the clock says; smart-batching steps flush what arrived after each poll of a source
 * and each push to the live input (everything a poll or push gives reaches them at once). The
 * plan, the steps, the reports, the outcome and the accounting check are the local runner's; only
 * the scheduling is this class's, with {@link DrivenSources} (opening and closing the sources),
 * {@link PlanNodes} (what is done to every other node), {@link EndSignal} (how the end of the
 * inputs travels) and {@link CallGuard} (against re-entry, a stage pushing or advancing the clock
 * while it is being driven, and against other threads).
 */
final class RunDriver implements TimeDriven {
  private final Pipeline<?> pipeline;
  private final VirtualClock clock;
  private final CallGuard guard;
  private final RunControl control;
  private final RunPlan plan;
  /** Every node but the inputs; parallel and async nodes run inline, workers and calls too. */
  private final PlanNodes nodes;
  /** The run's checkpoints; {@code null} for a blueprint that takes none. */
  private final CheckpointCoordinator checkpoints;
  private final EndSignal ends;
  private final long startNanos;
  private final StageDefinition live;
  private final DrivenSources sources;
  private final Map<String, Long> produced = new HashMap<>();
  private boolean stepsOpened;
  private boolean pullRequested;
  private PipelineReport report;

  RunDriver(Pipeline<?> pipeline, VirtualClock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
    this.guard = new CallGuard(pipeline.name());
    this.control = new RunControl(pipeline.name(), pipeline.isNamed());
    this.plan = RunPlan.of(pipeline, control, true);
    plan.connect(plan::direct);
    this.nodes = new PlanNodes(plan, this::callCompleted);
    this.checkpoints = plan.checkpoints();
    this.ends = new EndSignal(pipeline, plan, checkpoints);
    this.sources = new DrivenSources(pipeline, plan, control, checkpoints, clock, this::pull);
    this.startNanos = clock.nanoTime();
    this.live = pipeline.inputs().stream().filter(in -> in.kind() == StageKind.LIVE_INPUT)
        .findFirst().orElse(null);
    pipeline.inputs().forEach(in -> produced.put(in.name(), 0L));
  }

  String name() {
    return pipeline.name();
  }

  /** The live input, or {@code null} for a pipeline that reads only from sources. */
  StageDefinition liveInput() {
    return live;
  }

  VirtualClock clock() {
    return clock;
  }

  void start() {
    clock.register(this);
    guard.during(() -> {
      sources.openAll();
      stepsOpened = true;
      nodes.open();
    });
    afterCall();
    pull();
  }

  void pull() {
    if (report != null || sources.isEmpty()) {
      return;
    }
    guard.checkOwner("pull from the sources");
    if (guard.busy()) {
      pullRequested = true;
      return;
    }
    guard.during(() -> {
      do {
        pullRequested = false;
        for (Map.Entry<String, Source<Object>> source : sources.snapshot()) {
          if (!ends.hasEnded(source.getKey()) && report == null) {
            pullOnce(source.getKey(), source.getValue());
          }
        }
      } while (pullRequested && report == null);
    });
  }

  private void pullOnce(String name, Source<Object> source) {
    long before = produced.get(name);
    boolean more;
    boolean threw = false;
    try {
      more = source.poll(record -> fromInput(name, record));
    } catch (Exception | Error e) {
      control.fail(name, null, null, e);
      more = true;
      threw = true;
    }
    if (!more) {
      endInput(name, FlushReason.END_OF_STREAM);
    } else {
      if (!threw) {
        nodes.flushArrived();
        if (checkpoints != null) {
          checkpoints.source(name).afterPoll(produced.get(name)); // a barrier between polls
        }
      }
      if (produced.get(name) != before) {
        pullRequested = true;
      }
    }
    afterCall();
  }

  /**
   * An async call completed. On this run's thread and outside a call, what it settles is released
   * at once (a test completing call 2 sees its output, or not, before it returns); otherwise it
   * waits in the node's queue for the run's next step on its thread.
   */
  private void callCompleted() {
    if (!guard.onOwner() || guard.busy() || report != null || !stepsOpened) {
      return;
    }
    releaseCompleted();
    afterCall();
  }

  private void releaseCompleted() {
    guard.during(nodes::releaseCompleted);
    if (ends.hasNodesEnding()) {
      endReadyNodes();
    }
  }

  private void fromInput(String name, Object record) {
    if (record == null) {
      throw new NullPointerException("source '" + name + "' emitted null");
    }
    produced.merge(name, 1L, Long::sum);
    plan.outputOf(name).emit(record);
  }

  void acceptLive(Object record) {
    guard.checkOwner("push to the live input");
    if (guard.busy()) {
      throw new IllegalStateException("live input '" + live.name() + "' of pipeline '"
          + pipeline.name() + "' was pushed to from inside a stage; push from the test");
    }
    guard.during(() -> {
      fromInput(live.name(), record);
      nodes.flushArrived();
    });
    afterCall();
  }

  void completeInput() {
    if (report == null) {
      guard.checkOwner("complete the live input");
      guard.requireNotBusy("complete the live input of");
      endInput(live.name(), FlushReason.END_OF_STREAM);
    }
  }

  PipelineReport report() {
    return report;
  }

  /** The live input's feed failed: the run fails naming the input, and drains. */
  void failInput(Throwable cause) {
    if (report == null && !ends.hasEnded(live.name()) && !control.hasFailed()) {
      guard.checkOwner("fail the live input");
      guard.requireNotBusy("fail the live input of");
      control.fail(live.name(), null, null, cause, "its feed failed");
      afterCall();
    }
  }

  /** After a failure the inputs stop, and what was passed on drains, as on the local runner. */
  private void afterCall() {
    if (control.hasFailed() && report == null) {
      for (StageDefinition input : pipeline.inputs()) {
        endInput(input.name(), FlushReason.DRAIN);
      }
    }
  }

  /** Ends one input, and carries its end on to the nodes it leaves with all their inputs ended. */
  private void endInput(String input, FlushReason requested) {
    if (report != null || ends.hasEnded(input)) {
      return;
    }
    FlushReason reason = control.hasFailed() ? FlushReason.DRAIN : requested;
    if (checkpoints != null && sources.isOpen(input)) {
      checkpoints.source(input).ended(produced.get(input));
    }
    ends.inputEnded(input, reason);
    control.inputEnded(reason);
    if (checkpoints != null) {
      checkpoints.nodeEnded(input); // no barrier comes from it any more
    }
    endReadyNodes();
  }

  private void endReadyNodes() {
    guard.during(ends::endReadyNodes);
    if (ends.allEnded()) {
      stop(null);
    } else {
      afterCall();
    }
  }

  private void stop(PipelineReport.Outcome forced) {
    if (report != null) {
      return;
    }
    clock.unregister(this);
    nodes.abandonPending();
    sources.handOver(plan.heldSources(),
        name -> forced == null && !control.hasFailed() && ends.hasEnded(name));
    if (stepsOpened) {
      stepsOpened = false;
      nodes.close();
    }
    plan.heldSources().release(RunReports.outcome(control, forced));
    PipelineReport finished = RunReports.report(plan, RunReports.outcome(control, forced),
        Duration.ofNanos(clock.nanoTime() - startNanos), stageReports());
    report = checkpoints == null ? finished
        : finished.withCheckpoints(checkpoints.finish(finished.outcome(), produced::get));
  }

  List<StageReport> stageReports() {
    return RunReports.finished(plan, produced::get);
  }

  /**
   * Takes a checkpoint now: every source still open sends its barrier, which travels the whole
   * graph on this thread before this returns.
   */
  void checkpoint() {
    if (report != null) {
      return;
    }
    guard.checkOwner("take a checkpoint");
    guard.requireNotBusy("take a checkpoint of");
    if (checkpoints == null) {
      throw new IllegalStateException("pipeline '" + pipeline.name() + "' takes no checkpoints: "
          + "build it withCheckpoints(store, interval)");
    }
    checkpoints.start();
    guard.during(() -> {
      for (String source : sources.names()) {
        if (!ends.hasEnded(source)) {
          checkpoints.source(source).sendStarted(produced.get(source));
        }
      }
    });
    afterCall();
  }

  void drain() {
    if (report == null) {
      guard.requireNotBusy("close");
      control.requestDrain();
      for (StageDefinition input : pipeline.inputs()) {
        endInput(input.name(), FlushReason.DRAIN);
      }
    }
  }

  void cancel() {
    if (report == null) {
      guard.requireNotBusy("cancel");
      control.cancel();
      stop(PipelineReport.Outcome.CANCELLED);
    }
  }

  Step step(String stageName) {
    return plan.step(stageName);
  }

  @Override
  public long nextDeadline() {
    return report != null ? Long.MAX_VALUE : nodes.deadline();
  }

  @Override
  public void fireDue(long now) {
    if (report != null) {
      return;
    }
    guard.checkOwner("advance the virtual clock");
    if (guard.busy()) {
      throw new IllegalStateException("a stage of pipeline '" + pipeline.name()
          + "' advanced the virtual clock while processing; advance it from the test");
    }
    guard.during(() -> nodes.fireDue(now));
    releaseCompleted(); // a timeout completes its call
    afterCall();
  }

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
