package io.sluice.runtime;

import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the local runner places a linear pipeline's stages on threads: runs of adjacent stages, each
 * run on one thread, a new run starting at every stage that is not {@linkplain Pipeline#isFused
 * fused} with the stage before it. The first group starts with the input: a source's thread also
 * runs the stages fused onto it; a live input's group is the input alone (it has no thread).
 */
final class FusionPlan {
  private final List<List<StageDefinition>> groups;

  private FusionPlan(List<List<StageDefinition>> groups) {
    this.groups = groups;
  }

  /**
   * Groups the stages of a linear pipeline.
   *
   * @param pipeline the blueprint, its stages in chain order
   * @return the plan
   */
  static FusionPlan of(Pipeline<?> pipeline) {
    List<List<StageDefinition>> groups = new ArrayList<>();
    List<StageDefinition> group = null;
    for (StageDefinition stage : pipeline.stages()) {
      if (group == null || !pipeline.isFused(stage.name())) {
        group = new ArrayList<>();
        groups.add(group);
      }
      group.add(stage);
    }
    return new FusionPlan(groups.stream().map(List::copyOf).toList());
  }

  /**
   * Returns the groups in pipeline order; the first starts with the input.
   *
   * @return the groups, each a non-empty run of adjacent stages
   */
  List<List<StageDefinition>> groups() {
    return groups;
  }

  /**
   * Names the thread of a group after its stages: {@code sluice-<pipeline>-<first>+<second>...}.
   * Stage names cannot contain '+', so the name says exactly which stages share the thread.
   *
   * @param pipelineName the pipeline
   * @param group one of {@link #groups()}
   * @return the thread name
   */
  static String threadName(String pipelineName, List<StageDefinition> group) {
    return "sluice-" + pipelineName + "-"
        + group.stream().map(StageDefinition::name).collect(Collectors.joining("+"));
  }
}
