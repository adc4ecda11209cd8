package io.sluice.api;

/**
 * What a stage instance knows of the run it takes part in, handed to its {@code open} method.
 */
public interface StageContext {

  /**
   * Returns the name of the pipeline.
   *
   * @return the pipeline name
   */
  String pipelineName();

  /**
   * Returns the name of the stage this instance runs as.
   *
   * @return the stage name
   */
  String stageName();

  /**
   * Returns how records are handed to this stage.
   *
   * @return the stage's dispatch
   */
  Dispatch dispatch();

  /**
   * Returns the clock of the run; stages that measure time should use it so tests can drive time.
   *
   * @return the pipeline clock
   */
  PipelineClock clock();

  /**
   * Returns why the batch now being processed was flushed, so a batched stage can tell a full batch
   * from one cut short by time, end of stream or drain.
   *
   * @return the reason, valid during {@link Stage#processBatch} or {@link Sink#writeBatch}; {@code
   *     null} outside them and under {@link Dispatch#perRecord()}
   */
  FlushReason flushReason();
}
