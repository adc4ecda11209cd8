package io.sluice.testkit;

import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import io.sluice.runtime.engine.CheckpointCoordinator;
import io.sluice.runtime.engine.ConcurrentNode;
import io.sluice.runtime.engine.RunPlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of a deterministic run's inputs travelling its graph, as the end signal of the local
 * runner travels the same edges: once every input of a node has ended, the node is flushed, in
 * graph order, with DRAIN if any of them drained, else END_OF_STREAM. A parallel or async node
 * ends only once everything it took was released (an async call may wait for the test), and the
 * nodes after it wait for it.
 */
final class EndSignal {
  private final Pipeline<?> pipeline;
  private final RunPlan plan;
  /** The run's checkpoints; {@code null} for a blueprint that takes none. */
  private final CheckpointCoordinator checkpoints;
  /** Every node that ended, with how. */
  private final Map<String, FlushReason> ended = new LinkedHashMap<>();
  /** Concurrent nodes told their input ended, which end once all they took is released. */
  private final Map<String, FlushReason> ending = new HashMap<>();

  EndSignal(Pipeline<?> pipeline, RunPlan plan, CheckpointCoordinator checkpoints) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.checkpoints = checkpoints;
  }

  /** Whether the named node (an input or a stage) has ended. */
  boolean hasEnded(String node) {
    return ended.containsKey(node);
  }

  /** Notes that an input ended, and how; {@link #endReadyNodes} carries it on. */
  void inputEnded(String input, FlushReason reason) {
    ended.put(input, reason);
  }

  /** Whether a concurrent node was told to end and still waits for calls to be released. */
  boolean hasNodesEnding() {
    return !ending.isEmpty();
  }

  /** Whether every node of the graph has ended. */
  boolean allEnded() {
    return ended.size() == pipeline.stages().size();
  }

  /** Ends, in graph order, each node whose inputs have all ended. */
  void endReadyNodes() {
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
  }
}
