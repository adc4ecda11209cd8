package io.sluice.api;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A started run of a {@link Pipeline}. Closing it drains what was accepted and waits for every
 * stage thread to end.
 *
 * @param <T> the type of the records the pipeline's input accepts
 */
public interface RunningPipeline<T> extends AutoCloseable {

  /**
   * Returns the pipeline's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the blueprint this run executes.
   *
   * @return the pipeline
   */
  Pipeline<T> pipeline();

  /**
   * Returns a snapshot of the run's per-stage metrics, from any thread at any time, at little cost.
   * While the run goes on the outcome is {@link PipelineReport.Outcome#RUNNING} and the snapshot is
   * consistent: no stage shows more records out than in, and no stage received more than the stage
   * before it emitted. Once the run has ended it is the final report.
   *
   * @return the snapshot
   */
  PipelineReport metrics();

  /**
   * Returns the blueprint's text picture annotated with the live counts of each stage.
   *
   * @return the annotated description
   */
  default String describe() {
    return Description.of(pipeline(), metrics());
  }

  /**
   * Returns the input of a live pipeline.
   *
   * @return the live input
   * @throws IllegalStateException if the pipeline reads from a {@link Source} instead
   */
  LiveInput<T> input();

  /**
   * Waits for the run to end and returns its report.
   *
   * @return the report of a run that completed, was closed or was cancelled
   * @throws StageFailedException if a stage failed; the run has then stopped
   * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
   */
  PipelineReport awaitCompletion() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the run to end.
   *
   * @param timeout how long to wait
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
   * @throws TimeoutException if the run has not ended in time (it goes on)
   */
  PipelineReport awaitCompletion(Duration timeout) throws InterruptedException, TimeoutException;

  /**
   * Tells whether the run has ended and every stage thread has finished.
   *
   * @return {@code true} once the run is over
   */
  boolean isDone();

  /**
   * Stops the run at once: records still in rings are abandoned (the report counts them), stages
   * are closed and their threads end. Returns without waiting; has no effect on an ended run.
   */
  void cancel();

  /**
   * Drains and ends the run: the source stops (a live input is completed), every record already
   * accepted flows to the end, partial batches are flushed with {@link FlushReason#DRAIN}, stages
   * are closed, and this method returns when every stage thread has ended. If the thread is
   * interrupted while waiting, the run is cancelled and the interrupt status kept.
   *
   * @throws StageFailedException if the run failed and no call of {@code awaitCompletion} has
   *     reported it yet, so that a failure is never lost
   */
  @Override
  void close();
}
