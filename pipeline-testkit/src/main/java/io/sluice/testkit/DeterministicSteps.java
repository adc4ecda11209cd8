package io.sluice.testkit;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;
import io.sluice.api.StageDefinition;
import io.sluice.runtime.engine.Context;
import io.sluice.runtime.engine.DeadLetterChannel;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.Step;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the runtime's steps for a deterministic run: one per stage after the input, in order, each
 * with its stage's dispatch and error policy; stages dead-lettering to the same sink share one
 * channel, as on the runtime. The caller chains them.
 */
final class DeterministicSteps {
  private DeterministicSteps() {}

  /**
   * Makes the steps of a linear pipeline.
   *
   * @throws IllegalArgumentException if the pipeline is not a linear chain, or a stage's policy
   *     retries after a positive backoff, which a deterministic run could never wait out
   */
  static List<Step> of(Pipeline<?> pipeline, VirtualClock clock, RunControl control) {
    List<StageDefinition> stages = pipeline.stages();
    Map<Sink<?>, DeadLetterChannel> channels = new IdentityHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < stages.size(); i++) {
      StageDefinition def = stages.get(i);
      if (!def.inputs().equals(List.of(stages.get(i - 1).name()))) {
        throw new IllegalArgumentException("the deterministic runner runs linear pipelines: stage '"
            + def.name() + "' of pipeline '" + pipeline.name() + "' reads from " + def.inputs());
      }
      requireNoBackoff(pipeline, def);
    }
    for (StageDefinition def : stages.subList(1, stages.size())) {
      ErrorPolicy policy = def.errorPolicy();
      Sink<? super DeadLetter> deadLetterSink = policy.deadLetterSink().orElse(null);
      DeadLetterChannel deadLetters = deadLetterSink == null ? null
          : channels.computeIfAbsent(deadLetterSink, sink -> new DeadLetterChannel(deadLetterSink,
              new Context(pipeline.name(), "dead-letters", Dispatch.perRecord(), clock)));
      Context context = new Context(pipeline.name(), def.name(), def.dispatch(), clock);
      steps.add(new Step(def.kind(),
          def.kind().isSink() ? Step.sinkAsStage(def.newSink()) : def.newStage(), context,
          control, policy, deadLetters));
    }
    return steps;
  }

  private static void requireNoBackoff(Pipeline<?> pipeline, StageDefinition def) {
    ErrorPolicy policy = def.errorPolicy();
    if (policy.maxAttempts() > 1 && !policy.backoffBefore(2).isZero()) {
      throw new IllegalArgumentException("stage '" + def.name() + "' of pipeline '"
          + pipeline.name() + "' retries after a backoff (" + policy + "): a deterministic run "
          + "cannot wait it out, since nothing moves its virtual clock while a stage is being "
          + "called. Retry with Duration.ZERO backoffs in the test, or run on the runtime "
          + "(PipelineTester.Mode.RUNTIME) and advance the clock from the test");
    }
  }
}
