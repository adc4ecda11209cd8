package io.sluice.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a run did, stage by stage, once it ended. Immutable.
 */
public final class PipelineReport {

  /** How a run ended. */
  public enum Outcome {
    /** The input ended and every record went through. */
    COMPLETED,
    /** The run was closed while running and drained what it had accepted. */
    DRAINED,
    /** The run was cancelled; records still in rings were abandoned. */
    CANCELLED,
    /** A stage failed and the run stopped. */
    FAILED,
    /** The run is still going: this is a snapshot ({@link RunningPipeline#metrics()}). */
    RUNNING
  }

  private final String pipelineName;
  private final Outcome outcome;
  private final Duration elapsed;
  private final List<StageReport> stages;
  private final StageFailedException failure;

  /**
   * Creates a report.
   *
   * @param pipelineName the pipeline
   * @param outcome how the run ended
   * @param elapsed how long it ran
   * @param stages one report per stage, in pipeline order
   * @param failure the failure of a {@link Outcome#FAILED} run, otherwise {@code null}
   * @throws NullPointerException if an argument other than {@code failure} is {@code null}
   * @throws IllegalArgumentException if {@code failure} is given exactly when the outcome is not
   *     FAILED
   */
  public PipelineReport(String pipelineName, Outcome outcome, Duration elapsed,
      List<StageReport> stages, StageFailedException failure) {
    this.pipelineName = Checks.notNull(pipelineName, "pipelineName");
    this.outcome = Checks.notNull(outcome, "outcome");
    this.elapsed = Checks.notNull(elapsed, "elapsed");
    this.stages = List.copyOf(Checks.notNull(stages, "stages"));
    Checks.check((outcome == Outcome.FAILED) == (failure != null),
        "pipeline '%s': a %s report %s a failure", pipelineName, outcome,
        failure == null ? "needs" : "must not have");
    this.failure = failure;
  }

  /**
   * Returns the pipeline's name.
   *
   * @return the name
   */
  public String pipelineName() {
    return pipelineName;
  }

  /**
   * Returns how the run ended.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Returns how long the run took, from start to the end of its last thread.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns one report per stage, in pipeline order.
   *
   * @return the stage reports
   */
  public List<StageReport> stages() {
    return stages;
  }

  /**
   * Returns the report of the named stage.
   *
   * @param name a stage name
   * @return its report
   * @throws IllegalArgumentException if the pipeline has no such stage
   */
  public StageReport stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "pipeline '" + pipelineName + "' has no stage '" + name + "'"));
  }

  /**
   * Returns the failure that ended a {@link Outcome#FAILED} run.
   *
   * @return the failure, or empty
   */
  public Optional<StageFailedException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Returns a small table: one line per stage with its counts. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("pipeline '").append(pipelineName).append("' ")
        .append(outcome).append(" in ").append(elapsed.toMillis()).append(" ms\n");
    for (StageReport stage : stages) {
      text.append("  ").append(stage).append('\n');
    }
    return text.toString();
  }
}
