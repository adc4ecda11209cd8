package io.sluice.runtime.engine;

import io.sluice.api.Dispatch;
import io.sluice.api.SerialAsyncStage;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the {@link ConcurrentNode} of a parallel or async stage while the {@link RunPlan} is
 * built: a parallel node's workers each get a step around an instance of their own from the
 * stage's factory (the first reuses the instance the plan made for the node), with the stage's
 * dispatch, error policy and dead-letter channel.
 */
final class ConcurrentNodes {
  /**
   * The stage of a concurrent node's summary step, which is never called: the node's workers or
   * calls do the work, the summary step only counts and connects.
   */
  static final Stage<Object, Object> SUMMARY = new Stage<>() {
    @Override
    public void process(Object record, io.sluice.api.Emitter<Object> out) {
      throw new IllegalStateException("a concurrent node's summary step is never called");
    }

    @Override
    public boolean handlesBatches() {
      return true;
    }

    @Override
    public String toString() {
      return "summary";
    }
  };

  private ConcurrentNodes() {}

  static ConcurrentNode of(RunPlan plan, StageDefinition def, Step summary, Object instance,
      DeadLetterChannel deadLetters, boolean timing) {
    if (instance instanceof SerialAsyncStage<?, ?> async) {
      return new AsyncNode(plan, def, summary, async.asyncStage(), async.async(), deadLetters,
          timing);
    }
    String pipeline = plan.pipeline().name();
    Dispatch dispatch = def.dispatch();
    List<Step> workers = new ArrayList<>();
    for (int i = 0; i < def.options().parallelism().workers(); i++) {
      Object own = i == 0 ? instance : made(pipeline, def, i);
      Stage<?, ?> stage = def.kind().isSink() ? Step.sinkAsStage((Sink<?>) own)
          : (Stage<?, ?>) own;
      Step step = new Step(def.kind(), stage,
          new Context(pipeline, def.name(), dispatch, plan.pipeline().clock()), plan.control(),
          def.errorPolicy(), deadLetters);
      if (!timing) {
        step.useMeters(new StageMeters(false));
      }
      workers.add(step);
    }
    boolean sink = def.kind().isSink();
    return new ParallelNode(plan, def, summary, workers,
        sink && def.sharesInstance() ? (Sink<?>) instance : null, sink && !def.sharesInstance());
  }

  private static Object made(String pipeline, StageDefinition def, int worker) {
    try {
      return def.kind().isSink() ? def.newSink() : def.newStage();
    } catch (RuntimeException | Error e) {
      throw new StageFailedException(pipeline, def.name(), null, null, e,
          "its factory threw when the run started (worker " + (worker + 1) + ")");
    }
  }
}
