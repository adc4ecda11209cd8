package io.sluice.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checked shape of a blueprint: its nodes in an order where every node comes after the nodes
 * feeding it, and its edges. Every check that makes a set of definitions a runnable graph lives
 * here, and each names the node it rejects.
 */
final class Graph {
  private final List<StageDefinition> nodes;
  private final Map<String, StageDefinition> byName;
  private final List<Edge> edges;
  private final Map<String, List<Edge>> out;

  private Graph(List<StageDefinition> nodes, List<Edge> edges) {
    this.nodes = nodes;
    this.edges = edges;
    Map<String, StageDefinition> names = new LinkedHashMap<>();
    Map<String, List<Edge>> from = new HashMap<>();
    for (StageDefinition node : nodes) {
      names.put(node.name(), node);
      from.put(node.name(), new ArrayList<>());
    }
    for (Edge edge : edges) {
      from.get(edge.from().stage()).add(edge);
    }
    this.byName = names;
    from.replaceAll((name, list) -> List.copyOf(list));
    this.out = from;
  }

  static Graph of(String pipeline, List<StageDefinition> given) {
    Checks.check(!given.isEmpty(), "pipeline '%s' has no stages", pipeline);
    Map<String, StageDefinition> byName = new LinkedHashMap<>();
    for (StageDefinition node : given) {
      Checks.check(byName.put(node.name(), node) == null,
          "pipeline '%s': duplicate stage name '%s'", pipeline, node.name());
    }
    Map<String, Set<String>> consumers = new HashMap<>();
    List<StageDefinition> live = new ArrayList<>();
    for (StageDefinition node : given) {
      if (node.kind() == StageKind.LIVE_INPUT) {
        live.add(node);
      }
      for (Port port : node.inputPorts()) {
        StageDefinition from = byName.get(port.stage());
        Checks.check(from != null, "pipeline '%s': stage '%s' reads from '%s', which is not a "
            + "stage of the pipeline", pipeline, node.name(), port.stage());
        Checks.check(!from.kind().isSink(), "pipeline '%s': sink '%s' cannot feed other stages "
            + "(stage '%s' reads from it)", pipeline, from.name(), node.name());
        Checks.check(from.kind() != StageKind.LIVE_INPUT
                || node.options().ringSize() <= StageOptions.MAX_LIVE_RING_SIZE,
            "pipeline '%s', stage '%s': the ring after live input '%s' holds one record per slot; "
                + "its size must be at most %d but was %d", pipeline, node.name(), from.name(),
            StageOptions.MAX_LIVE_RING_SIZE, node.options().ringSize());
        consumers.computeIfAbsent(port.stage(), k -> new LinkedHashSet<>()).add(port.name());
      }
    }
    Checks.check(given.stream().anyMatch(node -> node.kind().isInput()),
        "pipeline '%s' has no source or live input", pipeline);
    Checks.check(live.size() <= 1, "pipeline '%s' has %d live inputs %s; one is supported: merge "
        + "what callers push before it", pipeline, live.size(),
        live.stream().map(StageDefinition::name).toList());
    for (StageDefinition node : given) {
      Set<String> ports = consumers.getOrDefault(node.name(), Set.of());
      Checks.check(node.kind().isSink() || ports.contains(Port.MAIN),
          "pipeline '%s' has no sink after stage '%s': end it with to(...)", pipeline,
          node.name());
      checkFusion(pipeline, node, byName);
      ConcurrencyCheck.check(pipeline, node, byName);
    }
    List<StageDefinition> sorted = sort(pipeline, given, byName);
    List<Edge> edges = new ArrayList<>();
    for (StageDefinition node : sorted) {
      for (Port port : node.inputPorts()) {
        edges.add(new Edge(port, node.name()));
      }
    }
    return new Graph(List.copyOf(sorted), List.copyOf(edges));
  }

  /** Kahn's algorithm, taking ready nodes in the order given, so a linear list stays as it is. */
  private static List<StageDefinition> sort(String pipeline, List<StageDefinition> given,
      Map<String, StageDefinition> byName) {
    Map<String, Integer> waitingFor = new HashMap<>();
    Map<String, List<StageDefinition>> feeds = new HashMap<>();
    for (StageDefinition node : given) {
      waitingFor.put(node.name(), node.inputs().size());
      for (String input : node.inputs()) {
        feeds.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
      }
    }
    List<StageDefinition> sorted = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    while (sorted.size() < given.size()) {
      StageDefinition ready = given.stream()
          .filter(n -> !done.contains(n.name()) && waitingFor.get(n.name()) == 0)
          .findFirst().orElse(null);
      if (ready == null) {
        throw new IllegalArgumentException("pipeline '" + pipeline + "' has a cycle: "
            + cycle(given, done, byName));
      }
      done.add(ready.name());
      sorted.add(ready);
      for (StageDefinition next : feeds.getOrDefault(ready.name(), List.of())) {
        waitingFor.merge(next.name(), -1, Integer::sum);
      }
    }
    return sorted;
  }

  private static String cycle(List<StageDefinition> given, Set<String> done,
      Map<String, StageDefinition> byName) {
    // every node left waits for another node left, so walking inputs from any of them loops
    StageDefinition node = given.stream().filter(n -> !done.contains(n.name())).findFirst()
        .orElseThrow();
    Deque<String> path = new ArrayDeque<>();
    while (!path.contains(node.name())) {
      path.addLast(node.name());
      node = byName.get(node.inputs().stream().filter(i -> !done.contains(i)).findFirst()
          .orElseThrow());
    }
    List<String> loop = new ArrayList<>(path);
    loop = new ArrayList<>(loop.subList(loop.indexOf(node.name()), loop.size()));
    java.util.Collections.reverse(loop);
    loop.add(loop.get(0));
    return String.join(" -> ", loop);
  }

  private static void checkFusion(String pipeline, StageDefinition stage,
      Map<String, StageDefinition> byName) {
    if (stage.options().fusion() != Fusion.FUSED) {
      return;
    }
    Checks.check(stage.inputPorts().size() == 1,
        "pipeline '%s': stage '%s' reads from %s and cannot be fused: only a stage with one input "
            + "can run on its thread", pipeline, stage.name(), stage.inputPorts());
    StageDefinition input = byName.get(stage.inputs().get(0));
    Checks.check(input.kind() != StageKind.LIVE_INPUT,
        "pipeline '%s': stage '%s' cannot be fused: it reads from live input '%s', which has no "
            + "thread of its own (callers push its records)", pipeline, stage.name(),
        input.name());
  }

  List<StageDefinition> nodes() {
    return nodes;
  }

  List<Edge> edges() {
    return edges;
  }

  StageDefinition node(String name) {
    return byName.get(name);
  }

  List<Edge> edgesFrom(String name) {
    return out.get(name);
  }
}
