package io.sluice.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a run did, stage by stage, once it ended. Immutable.
 *
 * <p>The runner checks the accounting of every run when it ends (see {@link StageReport}: every
 * record that reached a stage has exactly one fate, and what a stage emitted is what the next one
 * received). A breach is a bug in the runner: it is logged as an error and listed by
 * {@link #accountingBreaches()}.
 */
public final class PipelineReport {

  /** How a run ended. */
  public enum Outcome {
    /** The input ended and every record went through. */
    COMPLETED,
    /** The run was closed while running and drained what it had accepted. */
    DRAINED,
    /**
     * The run was cancelled, or a {@link RunningPipeline#close(Duration) close with a deadline}
     * ran out of time; records not yet finished were abandoned and are counted as stranded.
     */
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
  private final List<String> accountingBreaches;
  private final List<AbandonedThread> abandonedThreads;
  private final CheckpointReport checkpoints;

  /**
   * A thread of the run that had not ended when the runner stopped waiting for it: a stage or
   * source stuck in a call that ignored the cancel and its interrupt until the close deadline (and
   * a short grace) passed. The runner gave up on it: what it held is counted as stranded, and its
   * stages are closed only if the call ever returns.
   *
   * @param threadName the thread's name
   * @param stages the stages (and source) that ran on it, in pipeline order
   * @param stuckIn where the thread was when the runner gave up on it (its top stack frame), or
   *     empty if unknown
   */
  public record AbandonedThread(String threadName, List<String> stages, String stuckIn) {
    /**
     * Checks and copies the parts.
     *
     * @param threadName the thread's name
     * @param stages the stages (and source) that ran on it, in pipeline order
     * @param stuckIn where the thread was when the runner gave up on it, or empty if unknown
     * @throws NullPointerException if a part is {@code null}
     * @throws IllegalArgumentException if {@code stages} is empty
     */
    public AbandonedThread {
      Checks.notNull(threadName, "threadName");
      stages = List.copyOf(Checks.notNull(stages, "stages"));
      Checks.check(!stages.isEmpty(), "abandoned thread '%s' must name its stages", threadName);
      Checks.notNull(stuckIn, "stuckIn");
    }

    @Override
    public String toString() {
      return "thread '" + threadName + "' (" + String.join(", ", stages) + ")"
          + (stuckIn.isEmpty() ? "" : " stuck in " + stuckIn);
    }
  }

  /**
   * Creates a report whose accounting holds.
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
    this(pipelineName, outcome, elapsed, stages, failure, List.of());
  }

  /**
   * Creates a report.
   *
   * @param pipelineName the pipeline
   * @param outcome how the run ended
   * @param elapsed how long it ran
   * @param stages one report per stage, in pipeline order
   * @param failure the failure of a {@link Outcome#FAILED} run, otherwise {@code null}
   * @param accountingBreaches what the runner's end-of-run accounting check found wrong, one line
   *     per breach; empty when the counts add up
   * @throws NullPointerException if an argument other than {@code failure} is {@code null}
   * @throws IllegalArgumentException if {@code failure} is given exactly when the outcome is not
   *     FAILED
   */
  public PipelineReport(String pipelineName, Outcome outcome, Duration elapsed,
      List<StageReport> stages, StageFailedException failure, List<String> accountingBreaches) {
    this(pipelineName, outcome, elapsed, stages, failure, accountingBreaches, List.of());
  }

  /**
   * Creates the report of a run whose runner gave up on some of its threads.
   *
   * @param pipelineName the pipeline
   * @param outcome how the run ended
   * @param elapsed how long it ran
   * @param stages one report per stage, in pipeline order
   * @param failure the failure of a {@link Outcome#FAILED} run, otherwise {@code null}
   * @param accountingBreaches what the end-of-run accounting check found wrong
   * @param abandonedThreads the threads the runner stopped waiting for; empty if none
   * @throws NullPointerException if an argument other than {@code failure} is {@code null}
   * @throws IllegalArgumentException if {@code failure} is given exactly when the outcome is not
   *     FAILED
   */
  public PipelineReport(String pipelineName, Outcome outcome, Duration elapsed,
      List<StageReport> stages, StageFailedException failure, List<String> accountingBreaches,
      List<AbandonedThread> abandonedThreads) {
    this(pipelineName, outcome, elapsed, stages, failure, accountingBreaches, abandonedThreads,
        null);
  }

  private PipelineReport(String pipelineName, Outcome outcome, Duration elapsed,
      List<StageReport> stages, StageFailedException failure, List<String> accountingBreaches,
      List<AbandonedThread> abandonedThreads, CheckpointReport checkpoints) {
    this.checkpoints = checkpoints;
    this.abandonedThreads = List.copyOf(Checks.notNull(abandonedThreads, "abandonedThreads"));
    this.pipelineName = Checks.notNull(pipelineName, "pipelineName");
    this.outcome = Checks.notNull(outcome, "outcome");
    this.elapsed = Checks.notNull(elapsed, "elapsed");
    this.stages = List.copyOf(Checks.notNull(stages, "stages"));
    Checks.check((outcome == Outcome.FAILED) == (failure != null),
        "pipeline '%s': a %s report %s a failure", pipelineName, outcome,
        failure == null ? "needs" : "must not have");
    this.failure = failure;
    this.accountingBreaches = List.copyOf(Checks.notNull(accountingBreaches,
        "accountingBreaches"));
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

  /**
   * Returns what the end-of-run accounting check found wrong: records that reached a stage without
   * a fate, or records lost or invented between two stages. Always empty unless the runner has a
   * bug.
   *
   * @return one line per breach, naming the stage and the counts
   */
  public List<String> accountingBreaches() {
    return accountingBreaches;
  }

  /**
   * Returns the threads the runner gave up on when a close deadline (or a cancel awaited with a
   * timeout) passed while they were stuck in a stage's or source's call that ignored the
   * interrupt. Their records are counted as stranded. Empty for a run whose threads all ended.
   *
   * @return the abandoned threads, naming their stages
   */
  public List<AbandonedThread> abandonedThreads() {
    return abandonedThreads;
  }

  /**
   * Returns a copy that carries what the run did about checkpoints.
   *
   * @param report the run's checkpoint report
   * @return the copy
   * @throws NullPointerException if {@code report} is {@code null}
   */
  public PipelineReport withCheckpoints(CheckpointReport report) {
    return new PipelineReport(pipelineName, outcome, elapsed, stages, failure,
        accountingBreaches, abandonedThreads, Checks.notNull(report, "checkpoint report"));
  }

  /**
   * Returns what the run did about checkpoints: where it resumed, what it read again, the
   * checkpoints it took. Empty for a run without {@linkplain Pipeline#withCheckpoints
   * checkpoints} (and for a snapshot of a running one).
   *
   * @return the checkpoint report, or empty
   */
  public Optional<CheckpointReport> checkpoints() {
    return Optional.ofNullable(checkpoints);
  }

  /**
   * Returns a small table: one line per stage with its counts, then any accounting breach, marked
   * {@code ACCOUNTING BREACH}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("pipeline '").append(pipelineName).append("' ")
        .append(outcome).append(" in ").append(elapsed.toMillis()).append(" ms\n");
    for (StageReport stage : stages) {
      text.append("  ").append(stage).append('\n');
    }
    if (checkpoints != null) {
      text.append("  ").append(checkpoints).append('\n');
    }
    for (AbandonedThread thread : abandonedThreads) {
      text.append("  ABANDONED: ").append(thread).append('\n');
    }
    for (String breach : accountingBreaches) {
      text.append("  ACCOUNTING BREACH: ").append(breach).append('\n');
    }
    return text.toString();
  }
}
