package io.sluice.testkit.graph;

import io.sluice.api.Port;
import io.sluice.testkit.graph.GraphSpec.Policy;
import io.sluice.testkit.graph.GraphSpec.Poison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What a generated graph must do, worked out without a runner: each node's function applied to
 * the records its input ports carry, in graph order. A poison record never gets through the stage
 * it poisons (whatever the policy: skipped, dead-lettered, or failing the run); a node reading
 * from one port sees that port's records in order, a node reading from several sees them in an
 * order nothing fixes, so only its multiset is known.
 */
final class GraphModel {

  /** What a node does with one record: emits to ports by name ({@link Port#MAIN} or a side). */
  interface NodeFunction {
    void apply(long record, BiConsumer<String, Long> out);
  }

  /** A node as the DSL made it. */
  record Node(String name, boolean sink, List<String> inputs, NodeFunction function,
      Optional<Poison> poison, Policy policy) {}

  /** What the model says a node gets and gives. */
  record Flow(List<Long> received, List<Long> poisoned, long passedOn, long filtered,
      Map<String, List<Long>> emitted, boolean ordered) {

    long emittedTo(String port) {
      return emitted.getOrDefault(port, List.of()).size();
    }
  }

  private final Map<String, List<Long>> sources = new LinkedHashMap<>();
  private final List<Node> nodes = new ArrayList<>();
  private Map<String, Flow> flows;

  void source(String name, List<Long> records) {
    sources.put(name, List.copyOf(records));
  }

  void node(Node node) {
    nodes.add(node);
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Every node's flow, by node name; sources included. */
  Map<String, Flow> flows() {
    if (flows == null) {
      flows = evaluate();
    }
    return flows;
  }

  private Map<String, Flow> evaluate() {
    Map<String, List<Long>> ports = new LinkedHashMap<>();
    Map<String, Boolean> orderedNodes = new LinkedHashMap<>();
    Map<String, Flow> result = new LinkedHashMap<>();
    sources.forEach((name, records) -> {
      ports.put(name, records);
      orderedNodes.put(name, true);
      result.put(name, new Flow(records, List.of(), records.size(), 0,
          Map.of(Port.MAIN, records), true));
    });
    for (Node node : nodes) {
      List<Long> received = new ArrayList<>();
      for (String input : node.inputs()) {
        received.addAll(ports.getOrDefault(input, List.of()));
      }
      boolean ordered = node.inputs().size() == 1
          && orderedNodes.get(node.inputs().get(0).split("\\.")[0]);
      List<Long> poisoned = new ArrayList<>();
      Map<String, List<Long>> emitted = new LinkedHashMap<>();
      long passedOn = 0;
      long filtered = 0;
      for (long record : received) {
        if (node.poison().isPresent() && node.poison().get().hits(record)) {
          poisoned.add(record);
          continue;
        }
        int[] count = {0};
        node.function().apply(record, (port, out) -> {
          emitted.computeIfAbsent(port, p -> new ArrayList<>()).add(out);
          count[0]++;
        });
        if (count[0] > 0 || node.sink()) {
          passedOn++;
        } else {
          filtered++;
        }
      }
      emitted.forEach((port, records) -> {
        String key = Port.MAIN.equals(port) ? node.name() : node.name() + "." + port;
        ports.put(key, records);
      });
      orderedNodes.put(node.name(), ordered);
      result.put(node.name(), new Flow(received, poisoned, passedOn, filtered, emitted, ordered));
    }
    return result;
  }

  /** The stages whose policy fails the run and that poison records reach: one of them fails it. */
  List<String> failingStages() {
    return nodes.stream().filter(node -> node.policy().fails()
        && !flows().get(node.name()).poisoned().isEmpty()).map(Node::name).toList();
  }

  /** What a sink (which has no poison) writes when nothing fails the run. */
  List<Long> sinkRecords(String sink) {
    return flows().get(sink).received();
  }
}
