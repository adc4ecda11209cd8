package io.sluice.testkit;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.AsyncNode;
import io.sluice.runtime.engine.ConcurrentNode;
import io.sluice.runtime.engine.CheckpointCoordinator;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.RunPlan;
import io.sluice.runtime.engine.RunReports;
import io.sluice.runtime.engine.Step;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The working part of a {@link DeterministicRun}: the runtime's {@link RunPlan} with every edge a
 * direct call on the calling thread, the sources pulled in turn until they idle, due batches
 * flushed when the clock says; smart-batching steps flush what arrived after each poll of a source
 * and each push to the live input (everything a poll or push gives reaches them at once). The plan, the steps, the reports, the outcome and the accounting
 * check are the local runner's; only the scheduling is this class's. Guards against re-entry (a
 * stage pushing or advancing the clock while it is being driven) and against other threads.
 */
final class RunDriver implements TimeDriven {
  private final Pipeline<?> pipeline;
  private final VirtualClock clock;
  private final RunControl control;
  private final RunPlan plan;
  /** The run's checkpoints; {@code null} for a blueprint that takes none. */
  private final CheckpointCoordinator checkpoints;
  private final Thread owner = Thread.currentThread();
  private final long startNanos;
  private final StageDefinition live;
  private final Map<String, Long> produced = new HashMap<>();
  private final Map<String, FlushReason> ended = new LinkedHashMap<>();
  private final Map<String, Source<Object>> opened = new LinkedHashMap<>();
  private boolean stepsOpened;
  private boolean busy;
  private boolean pullRequested;
  private PipelineReport report;
  /** Parallel and async nodes: run inline, their workers and calls on this thread. */
  private final List<ConcurrentNode> concurrent;
  /** Concurrent nodes told their input ended, which end once all they took is released. */
  private final Map<String, FlushReason> ending = new HashMap<>();

  RunDriver(Pipeline<?> pipeline, VirtualClock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
    this.control = new RunControl(pipeline.name(), pipeline.isNamed());
    for (StageDefinition def : pipeline.stages()) {
      requireNoBackoff(pipeline, def);
    }
    this.plan = RunPlan.of(pipeline, control, true);
    plan.connect(plan::direct);
    this.concurrent = plan.concurrentNodes();
    for (ConcurrentNode node : concurrent) {
      if (node instanceof AsyncNode async) {
        async.waitForRetries(false); // this one thread cannot wait for a call it must answer
        async.onCompletion(this::callCompleted);
      }
    }
    this.checkpoints = plan.checkpoints();
    this.startNanos = clock.nanoTime();
    this.live = pipeline.inputs().stream().filter(in -> in.kind() == StageKind.LIVE_INPUT)
        .findFirst().orElse(null);
    pipeline.inputs().forEach(in -> produced.put(in.name(), 0L));
  }

  private static void requireNoBackoff(Pipeline<?> pipeline, StageDefinition def) {
    ErrorPolicy policy = def.errorPolicy();
    if (policy.maxAttempts() > 1 && !policy.backoffBefore(2).isZero()) {
      throw new IllegalArgumentException("stage '" + def.name() + "' of pipeline '"
          + pipeline.name() + "' retries after a backoff (" + policy + "): a deterministic run "
          + "cannot wait it out, since nothing moves its virtual clock while a stage is being "
          + "called. Retry with Duration.ZERO backoffs in the test, or run on the runtime "
          + "(PipelineTester.Mode.RUNTIME) and advance the clock from the test");
    }
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

  @SuppressWarnings("unchecked")
  void start() {
    clock.register(this);
    busy = true;
    try {
      for (StageDefinition input : pipeline.inputs()) {
        if (input.kind() == StageKind.SOURCE && !control.hasFailed()) {
          Source<Object> source = (Source<Object>) plan.source(input.name());
          opened.put(input.name(), source);
          try {
            SourceContext context = new SourceContext(pipeline.name(), input.name(), clock,
                this::pull);
            if (checkpoints == null) {
              source.open(context);
            } else {
              checkpoints.source(input.name()).open(context); // where the last checkpoint was
            }
          } catch (Exception | Error e) {
            control.fail(input.name(), null, null, e);
          }
        }
      }
      stepsOpened = true;
      for (Step step : plan.steps()) {
        step.open(); // a step that cannot open records the failure and strands what reaches it
      }
      concurrent.forEach(ConcurrentNode::open);
    } finally {
      busy = false;
    }
    afterCall();
    pull();
  }

  void pull() {
    if (report != null || opened.isEmpty()) {
      return;
    }
    checkOwner("pull from the sources");
    if (busy) {
      pullRequested = true;
      return;
    }
    busy = true;
    try {
      do {
        pullRequested = false;
        // a copy: a source's poll may end the run, which closes the sources and clears the map
        for (Map.Entry<String, Source<Object>> source : List.copyOf(opened.entrySet())) {
          if (!ended.containsKey(source.getKey()) && report == null) {
            pullOnce(source.getKey(), source.getValue());
          }
        }
      } while (pullRequested && report == null);
    } finally {
      busy = false;
    }
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
        flushArrived();
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
   * Smart batching: after a poll or a push, what arrived is all there is for now. Flushed in graph
   * order, so what one smart step passes on reaches the smart steps after it before they flush, as
   * on the local runner's threads.
   */
  private void flushArrived() {
    for (Step step : plan.steps()) {
      step.flushArrived();
    }
    concurrent.forEach(ConcurrentNode::flushArrived);
  }

  /**
   * An async call completed. On this run's thread and outside a call, what it settles is released
   * at once (a test completing call 2 sees its output, or not, before it returns); otherwise it
   * waits in the node's queue for the run's next step on its thread.
   */
  private void callCompleted() {
    if (Thread.currentThread() != owner || busy || report != null || !stepsOpened) {
      return;
    }
    releaseCompleted();
    afterCall();
  }

  private void releaseCompleted() {
    boolean wasBusy = busy;
    busy = true;
    try {
      concurrent.forEach(ConcurrentNode::releaseCompleted);
    } finally {
      busy = wasBusy;
    }
    if (!ending.isEmpty()) {
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
    checkOwner("push to the live input");
    if (busy) {
      throw new IllegalStateException("live input '" + live.name() + "' of pipeline '"
          + pipeline.name() + "' was pushed to from inside a stage; push from the test");
    }
    busy = true;
    try {
      fromInput(live.name(), record);
      flushArrived();
    } finally {
      busy = false;
    }
    afterCall();
  }

  void completeInput() {
    if (report == null) {
      checkOwner("complete the live input");
      requireNotBusy("complete the live input of");
      endInput(live.name(), FlushReason.END_OF_STREAM);
    }
  }

  PipelineReport report() {
    return report;
  }

  /** The live input's feed failed: the run fails naming the input, and drains. */
  void failInput(Throwable cause) {
    if (report == null && !ended.containsKey(live.name()) && !control.hasFailed()) {
      checkOwner("fail the live input");
      requireNotBusy("fail the live input of");
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

  /**
   * Ends one input; each node whose inputs have all ended is then flushed, in graph order, with
   * DRAIN if any of them drained: the end signal of the local runner, travelling the same edges.
   */
  private void endInput(String input, FlushReason requested) {
    if (report != null || ended.containsKey(input)) {
      return;
    }
    FlushReason reason = control.hasFailed() ? FlushReason.DRAIN : requested;
    if (checkpoints != null && opened.containsKey(input)) {
      checkpoints.source(input).ended(produced.get(input));
    }
    ended.put(input, reason);
    control.inputEnded(reason);
    if (checkpoints != null) {
      checkpoints.nodeEnded(input); // no barrier comes from it any more
    }
    endReadyNodes();
  }

  /**
   * Ends, in graph order, each node whose inputs have all ended. A concurrent node ends only once
   * everything it took was released (an async call may wait for the test), and the nodes after it
   * wait for it, as on the local runner.
   */
  private void endReadyNodes() {
    boolean wasBusy = busy;
    busy = true;
    try {
      for (StageDefinition def : pipeline.stages()) {
        if (def.kind().isInput() || ended.containsKey(def.name())
            || !def.inputs().stream().allMatch(ended::containsKey)) {
          continue; // an input ends by itself; a stage once all its inputs have
        }
        FlushReason end = def.inputs().stream().anyMatch(in -> ended.get(in) == FlushReason.DRAIN)
            ? FlushReason.DRAIN : FlushReason.END_OF_STREAM;
        ConcurrentNode node = plan.concurrent(def.name());
        if (node != null) {
          if (ending.putIfAbsent(def.name(), end) == null) {
            node.end(end);
          }
          if (!node.isIdle()) {
            continue; // calls in flight: it ends when they are released
          }
          ending.remove(def.name());
        }
        plan.step(def.name()).flush(end); // a concurrent node's summary: ended, for checkpoints
        ended.put(def.name(), end);
        if (checkpoints != null) {
          checkpoints.nodeEnded(def.name());
        }
      }
    } finally {
      busy = wasBusy;
    }
    if (ended.size() == pipeline.stages().size()) {
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
    for (Step step : plan.steps()) {
      step.abandonPending(); // empty unless the run stopped with a batch waiting
    }
    concurrent.forEach(ConcurrentNode::abandonPending);
    for (Map.Entry<String, Source<Object>> source : opened.entrySet()) {
      if (forced == null && !control.hasFailed() && ended.containsKey(source.getKey())) {
        plan.heldSources().hold(source.getKey(), source.getValue()); // until the steps closed
      } else {
        plan.heldSources().close(source.getKey(), source.getValue());
      }
    }
    opened.clear();
    if (stepsOpened) {
      stepsOpened = false;
      concurrent.forEach(ConcurrentNode::close);
      for (Step step : plan.steps()) {
        step.close(); // records an exception of the stage's close itself
      }
    }
    plan.heldSources().release(RunReports.outcome(control, forced));
    PipelineReport ended = RunReports.report(plan, RunReports.outcome(control, forced),
        Duration.ofNanos(clock.nanoTime() - startNanos), stageReports());
    report = checkpoints == null ? ended
        : ended.withCheckpoints(checkpoints.finish(ended.outcome(), produced::get));
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
    checkOwner("take a checkpoint");
    requireNotBusy("take a checkpoint of");
    if (checkpoints == null) {
      throw new IllegalStateException("pipeline '" + pipeline.name() + "' takes no checkpoints: "
          + "build it withCheckpoints(store, interval)");
    }
    checkpoints.start();
    busy = true;
    try {
      for (String source : opened.keySet()) {
        if (!ended.containsKey(source)) {
          checkpoints.source(source).sendStarted(produced.get(source));
        }
      }
    } finally {
      busy = false;
    }
    afterCall();
  }

  void drain() {
    if (report == null) {
      requireNotBusy("close");
      control.requestDrain();
      for (StageDefinition input : pipeline.inputs()) {
        endInput(input.name(), FlushReason.DRAIN);
      }
    }
  }

  void cancel() {
    if (report == null) {
      requireNotBusy("cancel");
      control.cancel();
      stop(PipelineReport.Outcome.CANCELLED);
    }
  }

  Step step(String stageName) {
    return plan.step(stageName);
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
    for (Step step : plan.steps()) {
      earliest = Math.min(earliest, step.deadline());
    }
    for (ConcurrentNode node : concurrent) {
      earliest = Math.min(earliest, node.deadline());
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
      for (Step step : plan.steps()) {
        step.flushIfDue(now);
      }
      for (ConcurrentNode node : concurrent) {
        node.fireDue(now); // batch deadlines of the workers, timeouts of async calls
      }
    } finally {
      busy = false;
    }
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
