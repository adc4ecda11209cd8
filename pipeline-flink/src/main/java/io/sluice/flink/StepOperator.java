package io.sluice.flink;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.Sink;
import io.sluice.api.StageFailedException;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.Step;
import io.sluice.runtime.engine.TaskSteps;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * One Sluice stage or sink as a Flink operator: each subtask makes its own instance from the
 * shipped factory and drives it through the engine's {@link Step}, so dispatch, error policies,
 * batch bisection and counting are the local runner's. Batches are flushed by size (in the step),
 * by a processing-time timer set for the deadline of the batch's first record (TIME), at the end
 * of the input (END_OF_STREAM) and before a checkpoint barrier (CHECKPOINT), so a checkpoint never
 * holds records inside a batch; a sink, and the step's dead-letter sink, then commit
 * ({@link Sink#onCheckpoint}). The main output
 * goes to the operator's output, each connected side output to its {@link OutputTag}. At the end
 * the step's counts go to an accumulator.
 *
 * <p>A failure the step records (its policy gave up, its open or close threw) stays in the step
 * when the job takes no checkpoints: the step strands what reaches it and the report says FAILED.
 * In a job with checkpoints it fails the Flink task at once, so that no checkpoint completes past
 * the records the step would strand (a source would commit their positions) and Flink's restart
 * strategy restarts the job from its last checkpoint.
 */
final class StepOperator extends AbstractStreamOperator<Object>
    implements OneInputStreamOperator<Object, Object>, BoundedOneInput, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  private final ShippedStage stage;
  private final Map<String, OutputTag<Object>> sideOutputs;
  private final boolean failsTask;
  private transient PipelineClock clock;
  private transient RunControl control;
  private transient Step step;
  private transient Sink<?> sink;
  private transient StreamRecord<Object> reused;
  private transient boolean timerSet;
  private transient boolean finished;

  /**
   * Makes the operator of one node.
   *
   * @param failsTask whether a failure the step records fails the Flink task (a job with
   *     checkpoints)
   */
  StepOperator(ShippedStage stage, Map<String, OutputTag<Object>> sideOutputs, boolean failsTask) {
    this.stage = stage;
    this.sideOutputs = Map.copyOf(sideOutputs);
    this.failsTask = failsTask;
  }

  @Override
  public void open() throws Exception {
    super.open();
    clock = PipelineClock.system();
    control = new RunControl(stage.pipelineName());
    reused = new StreamRecord<>(null);
    ShippedOptions options = stage.options();
    Object instance = stage.newInstance();
    sink = stage.kind().isSink() ? (Sink<?>) instance : null;
    step = TaskSteps.create(stage.pipelineName(), stage.name(), stage.kind(), instance,
        options.dispatch(), options.errorPolicy(), clock, control);
    if (!stage.kind().isSink()) {
      step.connect(record -> output.collect(reused.replace(record)));
    }
    sideOutputs.forEach((port, tag) ->
        step.connectSide(port, record -> output.collect(tag, new StreamRecord<>(record))));
    step.open();
    failTaskIfFailed();
  }

  @Override
  public void processElement(StreamRecord<Object> element) {
    step.accept(element.getValue());
    failTaskIfFailed();
    armTimer();
  }

  /** In a job with checkpoints, rethrows the failure the step recorded, failing the task. */
  private void failTaskIfFailed() {
    if (failsTask && step.hasFailed()) {
      throw control.failure();
    }
  }

  /** Sets a timer for the pending batch's deadline, if it has one and none is set. */
  private void armTimer() {
    long deadline = step.deadline();
    if (timerSet || deadline == Long.MAX_VALUE) {
      return;
    }
    long waitNanos = Math.max(0, deadline - clock.nanoTime());
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now + (waitNanos + 999_999) / 1_000_000, this);
    timerSet = true;
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    step.flushIfDue(clock.nanoTime());
    failTaskIfFailed();
    armTimer(); // a millisecond timer may fire a little before a nanosecond deadline
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    step.flush(FlushReason.CHECKPOINT);
    if (step.hasFailed()) {
      throw control.failure(); // a checkpoint must never count the records a failed step strands
    }
    try {
      TaskSteps.commitDeadLetters(step, checkpointId); // the letters of records before the barrier
    } catch (Exception e) {
      throw new StageFailedException(stage.pipelineName(), stage.name(), null, null, e,
          "the onCheckpoint(" + checkpointId + ") of its dead-letter sink failed");
    }
    if (sink != null) {
      try {
        sink.onCheckpoint(checkpointId);
      } catch (Exception e) {
        throw new StageFailedException(stage.pipelineName(), stage.name(), null, null, e,
            "its onCheckpoint(" + checkpointId + ") failed");
      }
    }
  }

  @Override
  public void endInput() {
    step.flush(FlushReason.END_OF_STREAM);
    failTaskIfFailed();
  }

  @Override
  public void finish() throws Exception {
    closeAndPublish();
    if (failsTask && control.failure() != null) {
      throw control.failure(); // a close that threw: no final checkpoint may count this stage
    }
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      closeAndPublish();
    } finally {
      super.close();
    }
  }

  /** Closes the stage once and leaves this subtask's counts for the report. */
  private void closeAndPublish() {
    if (finished || step == null) {
      return;
    }
    finished = true;
    step.abandonPending(); // non-empty only when the task stops without its input ending
    step.close();
    StageCounts counts = StageCounts.of(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
        step.report(0).build(), step.emittedByPort(), control.failure());
    getRuntimeContext().addAccumulator(AccumulatorNames.stage(stage.name()), counts);
  }
}
