package io.sluice.testkit;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineClock;
import io.sluice.api.Source;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import io.sluice.runtime.engine.CheckpointCoordinator;
import io.sluice.runtime.engine.HeldSources;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.RunPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The sources a deterministic run opened, by node name in graph order: each opened at the start
 * (where the last checkpoint was, for a blueprint that takes checkpoints) with a context carrying
 * the run's wake-up, pulled in turn by the run, and at its end handed to the plan's
 * {@link HeldSources}, to be held until the steps closed or closed at once.
 */
final class DrivenSources {
  private final Pipeline<?> pipeline;
  private final RunPlan plan;
  private final RunControl control;
  /** The run's checkpoints; {@code null} for a blueprint that takes none. */
  private final CheckpointCoordinator checkpoints;
  private final PipelineClock clock;
  private final Runnable wakeUp;
  private final Map<String, Source<Object>> opened = new LinkedHashMap<>();

  DrivenSources(Pipeline<?> pipeline, RunPlan plan, RunControl control,
      CheckpointCoordinator checkpoints, PipelineClock clock, Runnable wakeUp) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.control = control;
    this.checkpoints = checkpoints;
    this.clock = clock;
    this.wakeUp = wakeUp;
  }

  /**
   * Opens the source nodes in graph order, as long as the run has not failed: one that throws
   * fails the run naming it (and stays among the opened, to be closed).
   */
  @SuppressWarnings("unchecked")
  void openAll() {
    for (StageDefinition input : pipeline.inputs()) {
      if (input.kind() == StageKind.SOURCE && !control.hasFailed()) {
        Source<Object> source = (Source<Object>) plan.source(input.name());
        opened.put(input.name(), source);
        try {
          SourceContext context = new SourceContext(pipeline.name(), input.name(), clock, wakeUp);
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
  }

  /** Whether no source is open: none was, or the run has ended. */
  boolean isEmpty() {
    return opened.isEmpty();
  }

  /** Whether the named input is an opened source (not a live input). */
  boolean isOpen(String name) {
    return opened.containsKey(name);
  }

  /** The names of the opened sources, in graph order. */
  Set<String> names() {
    return opened.keySet();
  }

  /** A copy of the opened sources, to pull in turn: a poll may end the run, which clears them. */
  List<Map.Entry<String, Source<Object>>> snapshot() {
    return List.copyOf(opened.entrySet());
  }

  /**
   * Hands every source over to the plan's held sources, in graph order: held until the steps
   * closed where {@code hold} says so, closed at once otherwise; then forgets them.
   */
  void handOver(HeldSources held, Predicate<String> hold) {
    for (Map.Entry<String, Source<Object>> source : opened.entrySet()) {
      if (hold.test(source.getKey())) {
        held.hold(source.getKey(), source.getValue()); // until the steps closed
      } else {
        held.close(source.getKey(), source.getValue());
      }
    }
    opened.clear();
  }
}
