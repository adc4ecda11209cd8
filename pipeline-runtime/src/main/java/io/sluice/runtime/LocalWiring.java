package io.sluice.runtime;

import io.sluice.api.Dispatch;
import io.sluice.api.Edge;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import io.sluice.runtime.engine.Context;
import io.sluice.runtime.engine.LiveChannel;
import io.sluice.runtime.engine.Outbox;
import io.sluice.runtime.engine.Outboxes;
import io.sluice.runtime.engine.Ring;
import io.sluice.runtime.engine.RunPlan;
import io.sluice.runtime.engine.SourceWorker;
import io.sluice.runtime.engine.StageWorker;
import io.sluice.runtime.engine.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the local runner schedules a {@link RunPlan}: a thread per {@link FusionPlan} group, a ring
 * before every node that roots a group (a multi-producer one where several edges meet or a live
 * input pushes), an outbox per edge that crosses threads, a direct call along every edge inside a
 * group.
 */
final class LocalWiring {
  final Map<String, SourceWorker> sources = new LinkedHashMap<>();
  final List<StageWorker> stages = new ArrayList<>();
  final List<Outboxes> outboxes = new ArrayList<>();
  final Map<String, Runnable> threads = new LinkedHashMap<>();
  LiveChannel<?> live;
  private String liveConsumer;
  private final Map<String, StageWorker> byRoot = new HashMap<>();

  private LocalWiring() {}

  static LocalWiring of(RunPlan plan) {
    Pipeline<?> pipeline = plan.pipeline();
    LocalWiring wiring = new LocalWiring();
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
        rings.put(root.name(), fromLive ? Ring.multiProducer(size)
            : root.inputPorts().size() > 1 ? Ring.merging(size) : Ring.singleProducer(size));
      }
    }
    Map<List<StageDefinition>, List<Outbox>> outboxesOf = new HashMap<>();
    plan.connect(edge -> {
      List<StageDefinition> from = groupOf.get(edge.from().stage());
      if (from == groupOf.get(edge.to())) {
        return plan.direct(edge);
      }
      Outbox outbox = new Outbox(rings.get(edge.to()), plan.control(), plan.edgeCount(edge));
      outboxesOf.computeIfAbsent(from, k -> new ArrayList<>()).add(outbox);
      return outbox;
    });
    for (List<StageDefinition> group : groups) {
      wiring.schedule(plan, group, rings,
          new Outboxes(outboxesOf.getOrDefault(group, List.of())));
    }
    if (wiring.live != null) {
      wiring.byRoot.get(wiring.liveConsumer).whenIdle(wiring.live::endIfFailed);
    }
    return wiring;
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
      sources.put(root.name(), worker);
      threads.put(threadName, worker);
    } else {
      StageWorker worker = new StageWorker(steps, rings.get(root.name()),
          root.inputPorts().size(), out, plan.control(), pipeline.clock());
      stages.add(worker);
      byRoot.put(root.name(), worker);
      threads.put(threadName, worker);
    }
    outboxes.add(out);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static LiveChannel<?> newLive(StageDefinition input, Ring ring, RunPlan plan,
      Edge edge) {
    return new LiveChannel(input.name(), input.liveRecordType(), ring, plan.control(),
        plan.edgeCount(edge));
  }

  /** Counts what a stopped run left in rings and outboxes as stranded on its edges. */
  void countStranded() {
    for (StageWorker worker : stages) {
      worker.leftover();
    }
    for (Outboxes out : outboxes) {
      out.countStranded();
    }
  }

  long produced(String input) {
    SourceWorker source = sources.get(input);
    return source != null ? source.produced() : live.accepted();
  }

  long producedPublished(String input) {
    SourceWorker source = sources.get(input);
    return source != null ? source.producedPublished() : live.accepted();
  }
}
