package io.sluice.api;

import java.time.Duration;
import java.util.Optional;
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
   * @throws IllegalStateException if called from a thread of the run, which would wait for itself
   */
  PipelineReport awaitCompletion() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the run to end.
   *
   * @param timeout how long to wait
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
   * @throws IllegalStateException if called from a thread of the run, which would wait for itself
   * @throws TimeoutException if the run has not ended in time (it goes on)
   */
  PipelineReport awaitCompletion(Duration timeout) throws InterruptedException, TimeoutException;

  /**
   * Returns the report of a run that has ended, whatever its outcome: also the report of a failed
   * run, which {@link #awaitCompletion()} answers with the failure instead, so its counts (what
   * failed, what was stranded) can be read. Does not wait.
   *
   * <p>The default returns empty; runners that keep the report override it.
   *
   * @return the report once the run has ended, otherwise empty
   */
  default Optional<PipelineReport> report() {
    return Optional.empty();
  }

  /**
   * Tells whether the run has ended and every stage thread has finished.
   *
   * @return {@code true} once the run is over
   */
  boolean isDone();

  /**
   * Stops the run at once: records still in rings are abandoned (the report counts them), every
   * thread of the run is interrupted so that a stage or source blocked in an interruptible call
   * returns (its record is counted stranded, not failed), stages are closed and their threads end.
   * Returns without waiting; has no effect on an ended run. A runner may give up on a thread stuck
   * in a call that ignores the interrupt once a short grace has passed (see
   * {@link PipelineReport#abandonedThreads()}).
   */
  void cancel();

  /**
   * Drains and ends the run: the source stops (a live input is completed), every record already
   * accepted flows to the end, partial batches are flushed with {@link FlushReason#DRAIN}, stages
   * are closed, and this method returns when every stage thread has ended. If the thread is
   * interrupted while waiting, the run is cancelled and the interrupt status kept. Called from a
   * thread of the run itself (inside a stage), it only asks for the drain and returns at once.
   *
   * @throws StageFailedException if the run failed and no call of {@code awaitCompletion} has
   *     reported it yet, so that a failure is never lost
   */
  @Override
  void close();

  /**
   * Drains and ends the run like {@link #close()}, but gives the drain at most {@code timeout}
   * (measured on the system clock, not the pipeline's, since a test's virtual clock may never
   * move): if the run has not ended by then it is cancelled, and the records not yet finished are
   * counted as {@linkplain StageReport#stranded() stranded}: its threads are interrupted, and a
   * thread still stuck in a call after a short grace is given up on (named in
   * {@link PipelineReport#abandonedThreads()}, its records stranded), so this returns shortly after
   * the deadline whatever the stages do. If the thread is interrupted while waiting, the run is
   * cancelled and the interrupt status kept.
   *
   * <p>The default, for runners that cannot stop a run part-way, ignores the deadline: it calls
   * {@link #close()} and returns the report.
   *
   * @param timeout how long the drain may take; zero cancels at once
   * @return the report: {@link PipelineReport.Outcome#DRAINED} or
   *     {@link PipelineReport.Outcome#COMPLETED} if everything went through,
   *     {@link PipelineReport.Outcome#CANCELLED} if the deadline passed (or the run was cancelled)
   * @throws StageFailedException if the run failed
   * @throws NullPointerException if {@code timeout} is {@code null}
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if called from a thread of the run, which would wait for itself
   */
  default PipelineReport close(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("pipeline '" + name() + "': the close timeout must not "
          + "be negative but was " + timeout);
    }
    close();
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return awaitCompletion();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
