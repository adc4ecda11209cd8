package io.sluice.flink;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
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
 * holds records inside a batch. The main output goes to the operator's output, each connected
 * side output to its {@link OutputTag}. At the end the step's counts go to an accumulator.
 */
final class StepOperator extends AbstractStreamOperator<Object>
    implements OneInputStreamOperator<Object, Object>, BoundedOneInput, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  private final ShippedStage stage;
  private final Map<String, OutputTag<Object>> sideOutputs;
  private transient PipelineClock clock;
  private transient RunControl control;
  private transient Step step;
  private transient StreamRecord<Object> reused;
  private transient boolean timerSet;
  private transient boolean finished;

  StepOperator(ShippedStage stage, Map<String, OutputTag<Object>> sideOutputs) {
    this.stage = stage;
    this.sideOutputs = Map.copyOf(sideOutputs);
  }

  @Override
  public void open() throws Exception {
    super.open();
    clock = PipelineClock.system();
    control = new RunControl(stage.pipelineName());
    reused = new StreamRecord<>(null);
    ShippedOptions options = stage.options();
    step = TaskSteps.create(stage.pipelineName(), stage.name(), stage.kind(), stage.newInstance(),
        options.dispatch(), options.errorPolicy(), clock, control);
    if (!stage.kind().isSink()) {
      step.connect(record -> output.collect(reused.replace(record)));
    }
    sideOutputs.forEach((port, tag) ->
        step.connectSide(port, record -> output.collect(tag, new StreamRecord<>(record))));
    step.open();
  }

  @Override
  public void processElement(StreamRecord<Object> element) {
    step.accept(element.getValue());
    armTimer();
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
    armTimer(); // a millisecond timer may fire a little before a nanosecond deadline
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    step.flush(FlushReason.CHECKPOINT);
  }

  @Override
  public void endInput() {
    step.flush(FlushReason.END_OF_STREAM);
  }

  @Override
  public void finish() throws Exception {
    closeAndPublish();
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
