package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites blueprints for tests, through the api's public view: the same pipeline with other
 * dispatches, to run one blueprint under many settings.
 */
public final class Blueprints {
  private Blueprints() {}

  /**
   * Returns the pipeline with the given dispatches on the stages after its input, in pipeline order
   * (the sink last), cycling through them when there are more stages than dispatches.
   *
   * @param pipeline the blueprint
   * @param dispatches at least one dispatch
   * @param <T> the input record type
   * @return the changed blueprint; the original is unchanged
   * @throws NullPointerException if an argument or a dispatch is {@code null}
   * @throws IllegalArgumentException if {@code dispatches} is empty or a dispatch is invalid,
   *     naming the stage
   */
  public static <T> Pipeline<T> withDispatches(Pipeline<T> pipeline, List<Dispatch> dispatches) {
    Objects.requireNonNull(pipeline, "pipeline");
    List<Dispatch> given = List.copyOf(dispatches);
    if (given.isEmpty()) {
      throw new IllegalArgumentException("give at least one dispatch for pipeline '"
          + pipeline.name() + "'");
    }
    List<StageDefinition> stages = new ArrayList<>();
    stages.add(pipeline.stages().get(0));
    for (int i = 1; i < pipeline.stages().size(); i++) {
      StageDefinition stage = pipeline.stages().get(i);
      Dispatch dispatch = given.get((i - 1) % given.size());
      stages.add(stage.withOptions(stage.options().withDispatch(dispatch)));
    }
    return Pipeline.of(pipeline.name(), pipeline.clock(), stages);
  }
}
