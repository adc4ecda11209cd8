package io.sluice.runtime.engine;

import io.sluice.api.Dispatch;
import io.sluice.api.Edge;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * How the local runner schedules a {@link RunPlan}: a thread per {@link FusionPlan} group, a ring
 * before every node that roots a group (a multi-producer one where several edges meet or a live
 * input pushes), an outbox per edge that crosses threads, a direct call along every edge inside a
 * group. The only door from the local runner into its engine: rings, outboxes and workers stay
 * package-private.
 */
public final class LocalSchedule {
  private final Map<String, SourceWorker> sources = new LinkedHashMap<>();
  private final List<StageWorker> stages = new ArrayList<>();
  private final List<Outboxes> outboxes = new ArrayList<>();
  private final Map<String, Runnable> threads = new LinkedHashMap<>();
  private LiveChannel<?> live;
  private String liveConsumer;
  private final Map<String, StageWorker> byRoot = new HashMap<>();
  private final Map<String, List<String>> nodesByThread = new LinkedHashMap<>();
  private final Map<String, StageWorker> workerByThread = new HashMap<>();
  private final Map<String, Outboxes> outboxesByThread = new HashMap<>();
  private final Map<String, ConcurrentWorker> concurrentByRoot = new LinkedHashMap<>();

  private LocalSchedule() {}

  /**
   * Places a run on threads and rings.
   *
   * @param plan the run
   * @return the schedule, its threads not started
   * @throws IllegalArgumentException if the graph has a shape the local runner cannot run (a live
   *     input feeding more than one stage)
   */
  public static LocalSchedule of(RunPlan plan) {
    Pipeline<?> pipeline = plan.pipeline();
    LocalSchedule wiring = new LocalSchedule();
    List<List<StageDefinition>> groups = FusionPlan.of(pipeline).groups();
    Map<String, List<StageDefinition>> groupOf = new HashMap<>();
    for (List<StageDefinition> group : groups) {
      group.forEach(stage -> groupOf.put(stage.name(), group));
    }
    Map<String, Ring> rings = new HashMap<>();
    for (List<StageDefinition> group : groups) {
      StageDefinition root = group.get(0);
      if (!root.kind().isInput()) {
        int size = root.options().ringSize();
        boolean fromLive = root.inputs().stream()
            .anyMatch(in -> pipeline.stage(in).kind() == StageKind.LIVE_INPUT);
        int batch = root.dispatch().maxSize(); // a batched root's full batch travels in one chunk
        rings.put(root.name(), fromLive ? Ring.multiProducer(size)
            : root.inputPorts().size() > 1 ? Ring.merging(size, batch)
            : Ring.singleProducer(size, batch));
      }
    }
    Map<List<StageDefinition>, List<Outbox>> outboxesOf = new HashMap<>();
    plan.connect(edge -> {
      List<StageDefinition> from = groupOf.get(edge.from().stage());
      if (from == groupOf.get(edge.to())) {
        return plan.direct(edge);
      }
      // a per-record producer (or a source) publishes each record to a consumer that waits
      boolean eager = !pipeline.stage(edge.from().stage()).dispatch().isBatched();
      Outbox outbox = new Outbox(rings.get(edge.to()), plan.control(), plan.edgeCount(edge),
          eager);
      outboxesOf.computeIfAbsent(from, k -> new ArrayList<>()).add(outbox);
      return outbox;
    });
    for (List<StageDefinition> group : groups) {
      wiring.schedule(plan, group, rings,
          new Outboxes(outboxesOf.getOrDefault(group, List.of())));
    }
    if (wiring.live != null) {
      StageWorker consumer = wiring.byRoot.get(wiring.liveConsumer);
      ConcurrentWorker concurrent = wiring.concurrentByRoot.get(wiring.liveConsumer);
      Runnable clearStray = consumer != null ? consumer.whenIdle() : concurrent.whenIdle();
      LiveChannel<?> live = wiring.live;
      Runnable idle = () -> {
        clearStray.run();
        live.endIfFailed();
      };
      if (consumer != null) {
        consumer.whenIdle(idle);
      } else {
        concurrent.whenIdle(idle);
      }
    }
    plan.control().onChange(wiring::wakeAll); // parked threads see a stop or failure at once
    return wiring;
  }

  private void wakeAll() {
    sources.values().forEach(SourceWorker::wake);
    stages.forEach(StageWorker::wake);
    concurrentByRoot.values().forEach(ConcurrentWorker::wake);
  }

  private void schedule(RunPlan plan, List<StageDefinition> group, Map<String, Ring> rings,
      Outboxes out) {
    Pipeline<?> pipeline = plan.pipeline();
    StageDefinition root = group.get(0);
    List<Step> steps = new ArrayList<>();
    for (StageDefinition stage : group) {
      if (!stage.kind().isInput()) {
        steps.add(plan.step(stage.name()));
      }
    }
    String threadName = FusionPlan.threadName(pipeline.name(), group);
    if (root.kind() == StageKind.LIVE_INPUT) {
      List<Edge> edges = pipeline.edgesFrom(root.name());
      if (edges.size() != 1) {
        throw new IllegalArgumentException("pipeline '" + pipeline.name() + "': live input '"
            + root.name() + "' feeds " + edges.size() + " stages; the local runner takes one: "
            + "put a stage after the input and branch from it");
      }
      live = newLive(root, rings.get(edges.get(0).to()), plan, edges.get(0));
      liveConsumer = edges.get(0).to();
    } else if (root.kind() == StageKind.SOURCE) {
      Emitter<Object> first = plan.outputOf(root.name());
      Context context = new Context(pipeline.name(), root.name(), Dispatch.perRecord(),
          pipeline.clock());
      SourceWorker worker = new SourceWorker(plan.source(root.name()), context, steps, first,
          out, plan.control(), pipeline.clock());
      if (plan.checkpoints() != null) {
        worker.checkpoints(plan.checkpoints().source(root.name()));
      }
      worker.holdAtEnd(plan.heldSources());
      sources.put(root.name(), worker);
      threads.put(threadName, worker);
      worker.whenIdle(new StrayInterrupt(plan.control(), "source '" + root.name() + "'"));
    } else if (plan.concurrent(root.name()) != null) {
      ConcurrentSchedule placed = ConcurrentSchedule.of(plan, plan.concurrent(root.name()),
          threadName, rings.get(root.name()), root.inputPorts().size(), out);
      concurrentByRoot.put(root.name(), placed.worker());
      placed.threads().forEach((name, work) -> {
        threads.put(name, work);
        nodesByThread.put(name, List.of(root.name()));
      });
      placed.worker().whenIdle(new StrayInterrupt(plan.control(), "stage '" + root.name() + "'"));
    } else {
      StageWorker worker = new StageWorker(steps, rings.get(root.name()),
          root.inputPorts().size(), out, plan.control(), pipeline.clock());
      stages.add(worker);
      byRoot.put(root.name(), worker);
      threads.put(threadName, worker);
      workerByThread.put(threadName, worker);
      worker.whenIdle(new StrayInterrupt(plan.control(), "stage '" + root.name() + "'"));
    }
    outboxes.add(out);
    if (threads.containsKey(threadName)) {
      nodesByThread.put(threadName, group.stream().map(StageDefinition::name).toList());
      outboxesByThread.put(threadName, out);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static LiveChannel<?> newLive(StageDefinition input, Ring ring, RunPlan plan,
      Edge edge) {
    return new LiveChannel(input.name(), input.liveRecordType(), ring, plan.control(),
        plan.edgeCount(edge));
  }

  /**
   * Returns the work of each thread, by thread name.
   *
   * @return the threads' work, in the order of the graph
   */
  public Map<String, Runnable> threads() {
    return threads;
  }

  /**
   * Returns the live input, if the graph has one.
   *
   * @return the live input, or {@code null}
   */
  public LiveInput<?> live() {
    return live;
  }

  /**
   * Ends the live input, if any, for a drain: see {@link LiveChannel#end}.
   *
   * @param deadline a {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
   * @return {@code false} if the deadline passed first
   */
  public boolean drainLive(long deadline) {
    return live == null || live.end(FlushReason.DRAIN, deadline);
  }

  /**
   * For a drain with a thread waiting for it: waits until no source is inside a poll, at most
   * {@code patienceNanos} or until {@code deadline}, then interrupts the polls still under way that
   * do not wait for room downstream: a source blocked waiting for data would otherwise never see
   * the drain ({@link PollInterrupt}).
   */
  public void interruptPollsWaitingForData(long patienceNanos, long deadline) {
    long start = System.nanoTime();
    long until = Math.min(deadline, start + patienceNanos);
    while (sources.values().stream().anyMatch(SourceWorker::isPolling)
        && until - System.nanoTime() > 0) {
      LockSupport.parkNanos(Math.min(1_000_000L, until - System.nanoTime()));
    }
    for (SourceWorker source : sources.values()) {
      source.interruptPollWaitingForData(patienceNanos);
    }
  }

  /**
   * Asks for the live input, if any, to be ended for a drain without waiting: its consumer sends
   * the end as soon as it is idle. For a close called from a thread of the run itself, which
   * must not wait for room in a ring it may be the one to empty.
   */
  public void requestLiveEnd() {
    if (live != null) {
      live.requestEnd();
    }
  }

  /**
   * Counts what a stopped run left in rings and outboxes as stranded on its edges. Call once every
   * thread has ended.
   */
  public void countStranded() {
    if (live != null) {
      live.quiesce();
    }
    for (StageWorker worker : stages) {
      worker.leftover();
    }
    concurrentByRoot.values().forEach(ConcurrentWorker::leftover);
    for (Outboxes out : outboxes) {
      out.countStranded();
    }
  }

  /**
   * Counts what a stopped run left in rings and outboxes as stranded, like {@link #countStranded},
   * but leaves alone the rings and outboxes of threads the runner gave up on: they may still be
   * running. Call once every other thread has ended.
   *
   * @param abandonedThreads names of the threads given up on
   */
  public void countStrandedExcept(Set<String> abandonedThreads) {
    if (live != null) {
      live.quiesce();
    }
    workerByThread.forEach((thread, worker) -> {
      if (!abandonedThreads.contains(thread)) {
        worker.leftover();
      }
    });
    concurrentByRoot.forEach((root, worker) -> {
      if (abandonedThreads.stream().noneMatch(thread -> nodesOf(thread).contains(root))) {
        worker.leftover();
      }
    });
    Set<Outboxes> held = Collections.newSetFromMap(new IdentityHashMap<>());
    abandonedThreads.forEach(thread -> held.add(outboxesByThread.get(thread)));
    for (Outboxes out : outboxes) {
      if (!held.contains(out)) {
        out.countStranded();
      }
    }
  }

  /**
   * Returns the nodes (source or stages) that run on a thread, in pipeline order.
   *
   * @param threadName a name from {@link #threads()}
   * @return the node names
   */
  public List<String> nodesOf(String threadName) {
    return nodesByThread.getOrDefault(threadName, List.of());
  }

  /**
   * Returns the records an input produced, once its thread ended.
   *
   * @param input a source or the live input
   * @return the count
   */
  public long produced(String input) {
    SourceWorker source = sources.get(input);
    return source != null ? source.produced() : live.accepted();
  }

  /**
   * Returns the records an input has produced so far, as its thread last published them.
   *
   * @param input a source or the live input
   * @return the count
   */
  public long producedPublished(String input) {
    SourceWorker source = sources.get(input);
    return source != null ? source.producedPublished() : live.accepted();
  }
}
