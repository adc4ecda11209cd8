package io.sluice.runtime.engine;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.PipelineClock;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageKind;

/**
 * Makes the {@link Step} of one stage instance for a runner that gives every stage instance a
 * task of its own, outside a {@link RunPlan} (the Flink runner: one step per operator subtask). It
 * is wired as {@code RunPlan} wires a step, except that a dead-letter sink is this task's own copy
 * with a channel of its own, since the task shares nothing with the other stages.
 */
public final class TaskSteps {
  private TaskSteps() {}

  /**
   * Creates the step.
   *
   * @param pipelineName the pipeline
   * @param stageName the stage
   * @param kind the stage's kind (a sink is adapted to the stage shape here)
   * @param instance the {@link Stage} or {@link Sink} instance
   * @param dispatch the stage's dispatch
   * @param policy the stage's error policy, its dead-letter sink being this task's copy
   * @param clock the clock batch deadlines and retry backoffs are read from
   * @param control this task's control, told of failures
   * @return the step, not yet opened
   */
  public static Step create(String pipelineName, String stageName, StageKind kind, Object instance,
      Dispatch dispatch, ErrorPolicy policy, PipelineClock clock, RunControl control) {
    Sink<? super DeadLetter> deadLetterSink = policy.deadLetterSink().orElse(null);
    DeadLetterChannel deadLetters = deadLetterSink == null ? null : new DeadLetterChannel(
        deadLetterSink, new Context(pipelineName, "dead-letters", Dispatch.perRecord(), clock));
    Context context = new Context(pipelineName, stageName, dispatch, clock);
    Stage<?, ?> stage = kind.isSink() ? Step.sinkAsStage((Sink<?>) instance)
        : (Stage<?, ?>) instance;
    return new Step(kind, stage, context, control, policy, deadLetters);
  }

  /**
   * Commits the step's dead-letter sink for a checkpoint ({@code Sink.onCheckpoint}), once the
   * step flushed every record before the barrier: the dead letters of those records were written
   * and the commit makes them durable, as a main sink's does. Does nothing for a step without a
   * dead-letter sink, or one that wrote no dead letter yet (its sink is not open).
   *
   * @param step a step {@link #create} made
   * @param checkpointId the checkpoint
   * @throws Exception what the dead-letter sink's {@code onCheckpoint} threw
   */
  public static void commitDeadLetters(Step step, long checkpointId) throws Exception {
    DeadLetterChannel deadLetters = step.deadLetters();
    if (deadLetters != null) {
      deadLetters.commit(checkpointId);
    }
  }
}
