package io.sluice.testkit;

import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A run of a pipeline on the calling thread under a {@link VirtualClock}: no ring, no stage thread.
 * Every stage is the runtime's own step, chained to the next one, so batching, flush reasons and
 * counting are exactly the runtime's; only the scheduling is deterministic.
 *
 * <ul>
 *   <li>Starting it opens the source and the stages, in pipeline order, then pulls the source
 *       until it has nothing more to give: a finite source is read to its end at once.
 *   <li>A {@link TestSource} push, or a push to {@link #input()}, carries the records through every
 *       stage before it returns.
 *   <li>{@link VirtualClock#advance} flushes with reason TIME every batch that falls due, stepping
 *       through the deadlines in time order and flushing the due stages in pipeline order; then the
 *       source is pulled again.
 *   <li>The end of the source (or {@link LiveInput#complete()}) flushes every stage's batch with
 *       END_OF_STREAM in pipeline order and closes everything; {@link #close()} does the same with
 *       DRAIN; {@link #cancel()} closes without flushing.
 * </ul>
 *
 * <p>Each stage's {@link io.sluice.api.ErrorPolicy} applies as on the runtime (skip, dead-letter,
 * retry, a failed batch split to isolate its poison records), except that a retry must not wait:
 * nothing could move the virtual clock during the wait, so a policy with a positive backoff is
 * rejected when the run starts. A failure the policy does not absorb ends the run as on the
 * runtime: every opened stage is closed and {@link #awaitCompletion()} (or {@link #close()}) throws
 * the {@link StageFailedException}; the push that caused it returns normally, and {@link #report()}
 * gives the counts, records left in batches counted as stranded. Every run's report is checked as
 * the runtime checks it ({@link io.sluice.api.PipelineReport#accountingBreaches()}). Since nothing
 * runs but the calling thread, waiting for a run that has not ended is an error, not a wait.
 *
 * <p>Confined to the thread that started it: pushing, advancing the clock or awaiting from another
 * thread is rejected. Create one with {@link PipelineTester#runDeterministic} or
 * {@link DeterministicRunner}.
 *
 * @param <T> the type of the records the pipeline's input accepts
 */
public final class DeterministicRun<T> implements RunningPipeline<T> {
  private final Pipeline<T> pipeline;
  private final RunDriver driver;
  private final DeterministicInput<T> input;
  private boolean failureReported;

  @SuppressWarnings("unchecked")
  DeterministicRun(Pipeline<T> pipeline, VirtualClock clock) {
    this.pipeline = pipeline;
    this.driver = new RunDriver(pipeline, clock);
    this.input = driver.liveInput() == null ? null
        : new DeterministicInput<>(driver, driver.liveInput().name(),
            (Class<T>) driver.liveInput().liveRecordType());
  }

  /** Opens the source and the stages in pipeline order, then pulls what the source has. */
  void start() {
    driver.start();
  }

  @Override
  public String name() {
    return driver.name();
  }

  @Override
  public Pipeline<T> pipeline() {
    return pipeline;
  }

  /**
   * Returns the counts so far (everything runs on the calling thread, so they are exact), or the
   * final report once the run has ended.
   *
   * @return the snapshot
   */
  @Override
  public PipelineReport metrics() {
    PipelineReport done = driver.report();
    return done != null ? done : new PipelineReport(name(), PipelineReport.Outcome.RUNNING,
        Duration.ZERO, driver.stageReports(), null, java.util.List.of());
  }

  /**
   * Returns the clock this run measures time with.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return driver.clock();
  }

  /**
   * Moves the clock forward, flushing every batch that falls due; same as
   * {@code clock().advance(by)}.
   *
   * @param by how far
   * @return this run
   * @throws IllegalArgumentException if {@code by} is negative
   */
  public DeterministicRun<T> advance(Duration by) {
    driver.clock().advance(by);
    return this;
  }

  /**
   * Returns how many records wait in the named stage's batch.
   *
   * @param stageName a stage after the input
   * @return the pending batch size
   * @throws IllegalArgumentException if the pipeline has no such stage after its input
   */
  public int pending(String stageName) {
    return driver.step(stageName).pending();
  }

  /**
   * Returns the named stage's counts so far, while running or after.
   *
   * @param stageName a stage name
   * @return the stage's report
   * @throws IllegalArgumentException if the pipeline has no such stage
   */
  public StageReport stageReport(String stageName) {
    return driver.stageReports().stream().filter(r -> r.name().equals(stageName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "pipeline '" + driver.name() + "' has no stage '" + stageName + "'"));
  }

  @Override
  public LiveInput<T> input() {
    if (input == null) {
      throw new IllegalStateException("pipeline '" + driver.name() + "' reads from source '"
          + pipeline.inputs().get(0).name() + "'; only a live pipeline has an input");
    }
    return input;
  }

  /**
   * Returns the report of the ended run.
   *
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws IllegalStateException if the run has not ended: on the calling thread nothing could
   *     end it while waiting, so complete its source or input, or close it, first
   */
  @Override
  public PipelineReport awaitCompletion() {
    driver.pull();
    if (driver.report() == null) {
      throw new IllegalStateException(notEnded());
    }
    return reportOrThrow();
  }

  /**
   * Returns the report of the ended run; never waits.
   *
   * @param timeout ignored: nothing but the calling thread could end the run while it waited
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws TimeoutException if the run has not ended
   */
  @Override
  public PipelineReport awaitCompletion(Duration timeout) throws TimeoutException {
    driver.pull();
    if (driver.report() == null) {
      throw new TimeoutException(notEnded());
    }
    return reportOrThrow();
  }

  private String notEnded() {
    return "deterministic run of pipeline '" + driver.name() + "' has not ended and cannot end "
        + "while its only thread waits: complete its " + (input != null ? "live input" : "source")
        + ", or close() or cancel() it";
  }

  private PipelineReport reportOrThrow() {
    PipelineReport report = driver.report();
    if (report.failure().isPresent()) {
      failureReported = true;
      throw report.failure().get();
    }
    return report;
  }

  /**
   * Returns the report once the run has ended, whatever the outcome; unlike
   * {@link #awaitCompletion()} it does not throw for a failed run (the report carries the failure).
   *
   * @return the report, or empty while the run goes on
   */
  @Override
  public Optional<PipelineReport> report() {
    return Optional.ofNullable(driver.report());
  }

  @Override
  public boolean isDone() {
    return driver.report() != null;
  }

  /**
   * Ends the run at once: pending batches are dropped, the source and every stage are closed.
   * Does nothing once the run has ended.
   *
   * @throws IllegalStateException if called from inside one of the run's stages
   */
  /**
   * Takes a checkpoint now, for a pipeline built {@code withCheckpoints(store, interval)}: each
   * source still open sends its barrier behind what it emitted, the barriers travel the whole
   * graph on this thread (batches flushed with reason {@code CHECKPOINT}, sinks'
   * {@code onCheckpoint} called), and the checkpoint is saved before this returns, unless the run
   * failed. Checkpoints also start on their own when the virtual clock passes the interval, after
   * the next poll.
   *
   * @return this run
   * @throws IllegalStateException if the pipeline takes no checkpoints, or if called from inside a
   *     stage or from another thread than the one that started the run
   */
  public DeterministicRun<T> checkpoint() {
    driver.checkpoint();
    return this;
  }

  @Override
  public void cancel() {
    driver.cancel();
  }

  /**
   * Drains the run (every stage flushes its batch with reason DRAIN, in pipeline order) and closes
   * everything; then rethrows a failure nobody awaited.
   *
   * @throws StageFailedException if the run failed and the failure was not reported yet
   * @throws IllegalStateException if called from inside one of the run's stages
   */
  @Override
  public void close() {
    driver.drain();
    PipelineReport report = driver.report();
    if (report.failure().isPresent() && !failureReported) {
      failureReported = true;
      throw report.failure().get();
    }
  }

  @Override
  public String toString() {
    return driver.toString();
  }
}
