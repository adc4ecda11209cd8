package io.sluice.runtime.engine;

import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the local runner places a graph's nodes on threads. Every node that is not
 * {@linkplain Pipeline#isFused fused} starts a group of its own: an input (a source's thread; a
 * live input has none, its callers push) or a stage with its own ring and thread. A fused node
 * joins the group of the one node feeding it, so a group is a tree rooted at its first node, run
 * on one thread; a branch after a fused node can be fused too. A node reading from several ports
 * (a merge) is never fused: its ring takes chunks from every thread feeding it.
 */
final class FusionPlan {
  private final List<List<StageDefinition>> groups;

  private FusionPlan(List<List<StageDefinition>> groups) {
    this.groups = groups;
  }

  /**
   * Groups the nodes of a graph.
   *
   * @param pipeline the blueprint
   * @return the plan: groups in the order of their roots in {@link Pipeline#stages()}, each root
   *     first and every node after the nodes feeding it
   */
  static FusionPlan of(Pipeline<?> pipeline) {
    Map<String, List<StageDefinition>> byRoot = new LinkedHashMap<>();
    Map<String, String> rootOf = new LinkedHashMap<>();
    for (StageDefinition stage : pipeline.stages()) {
      String root = pipeline.isFused(stage.name()) ? rootOf.get(stage.inputs().get(0))
          : stage.name();
      rootOf.put(stage.name(), root);
      byRoot.computeIfAbsent(root, k -> new ArrayList<>()).add(stage);
    }
    return new FusionPlan(byRoot.values().stream().map(List::copyOf).toList());
  }

  /**
   * Returns the groups.
   *
   * @return one list per thread (and one for a live input), root first
   */
  List<List<StageDefinition>> groups() {
    return groups;
  }

  /**
   * Names the thread of a group: {@code sluice-<pipeline>-<stage>+<stage>...}.
   *
   * @param pipelineName the pipeline
   * @param group the stages the thread runs
   * @return the thread name
   */
  static String threadName(String pipelineName, List<StageDefinition> group) {
    return "sluice-" + pipelineName + "-"
        + group.stream().map(StageDefinition::name).collect(Collectors.joining("+"));
  }
}
