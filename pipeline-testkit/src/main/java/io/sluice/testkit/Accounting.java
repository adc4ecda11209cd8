package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.FlowCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that the per-stage accounting of a {@link PipelineReport} adds up against its blueprint,
 * for a run with any outcome, failed and cancelled ones included:
 *
 * <ul>
 *   <li>one report per stage, in pipeline order, with the stage's kind; no accounting breach
 *       reported by the runner itself ({@link PipelineReport#accountingBreaches()});
 *   <li>every record has exactly one fate: for each stage, {@code received = passedOn + filtered +
 *       skipped + deadLettered + failed + stranded}; the input passed on (and emitted) what it
 *       produced;
 *   <li>across every edge, a stage received exactly what the stage before it emitted (records a
 *       stopped run left between two stages count as received and stranded at the second);
 *   <li>a run that completed or drained stranded and failed nothing; a cancelled one failed
 *       nothing;
 *   <li>the counts match each stage's {@link ErrorPolicy}: nothing skipped unless it skips (and at
 *       most its limit), nothing dead-lettered unless it dead-letters, no retries unless it
 *       retries;
 *   <li>the counts match each stage's kind: a sink emits nothing and filters nothing (what it
 *       wrote is passed on); a {@code map} filters nothing and, in a run that completed or
 *       drained, emitted one record per record passed on, as does a {@code filter}, which never
 *       emits more than it received;
 *   <li>batches match the dispatch: none under {@code perRecord()}; a SIZE batch holds exactly
 *       {@code maxSize} records and any other (TIME, ARRIVED, CHECKPOINT, END_OF_STREAM, DRAIN)
 *       at least 1 and fewer than {@code maxSize}, so the
 *       records left over after the SIZE batches are bounded by the other batches; no TIME batch
 *       without a {@code maxWait}; at most one END_OF_STREAM or DRAIN batch (one per worker of a
 *       parallel stage, whose ordered workers may also cut a batch with ARRIVED), and the one that
 *       matches the outcome.
 * </ul>
 *
 * <p>Both runners of this project, the local runtime and the testkit's deterministic runner, meet
 * every rule; a violation is a bug in the runner that produced the report.
 */
public final class Accounting {

  private Accounting() {}

  /**
   * Returns every way the report fails to add up; empty if it does.
   *
   * @param pipeline the blueprint that ran
   * @param report the run's report
   * @return one sentence per violation, naming the stage and the numbers
   * @throws NullPointerException if an argument is {@code null}
   */
  public static List<String> violations(Pipeline<?> pipeline, PipelineReport report) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(report, "report");
    List<String> problems = new ArrayList<>();
    for (String breach : report.accountingBreaches()) {
      problems.add("the runner reported an accounting breach: " + breach);
    }
    List<StageDefinition> stages = pipeline.stages();
    List<StageReport> reports = report.stages();
    if (reports.size() != stages.size()) {
      problems.add("the report has " + reports.size() + " stages, the pipeline " + stages.size());
      return problems;
    }
    for (int i = 0; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      StageReport counts = reports.get(i);
      if (!counts.name().equals(stage.name()) || counts.kind() != stage.kind()) {
        problems.add("report " + i + " is " + counts.name() + " " + counts.kind()
            + " but the stage is " + stage.name() + " " + stage.kind());
        return problems;
      }
    }
    problems.addAll(FlowCheck.breaches(pipeline, reports));
    for (int i = 1; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      StageReport counts = reports.get(i);
      checkOutcome(counts, report.outcome(), problems);
      checkPolicy(stage.errorPolicy(), counts, problems);
      checkKind(stage.kind(), counts, report.outcome(), problems);
      checkBatches(stage.dispatch(), stage.options().parallelism(), counts, report.outcome(),
          problems);
    }
    return problems;
  }

  /**
   * Fails unless the report adds up; see {@link #violations}.
   *
   * @param pipeline the blueprint that ran
   * @param report the run's report
   * @throws AssertionError listing every violation and the report
   * @throws NullPointerException if an argument is {@code null}
   */
  public static void assertAddsUp(Pipeline<?> pipeline, PipelineReport report) {
    List<String> problems = violations(pipeline, report);
    if (!problems.isEmpty()) {
      throw new AssertionError("the accounting of pipeline '" + report.pipelineName()
          + "' does not add up:\n  " + String.join("\n  ", problems) + "\n" + report);
    }
  }

  private static boolean delivered(Outcome outcome) {
    return outcome == Outcome.COMPLETED || outcome == Outcome.DRAINED;
  }

  private static void checkOutcome(StageReport counts, Outcome outcome, List<String> problems) {
    String name = "stage '" + counts.name() + "'";
    if (delivered(outcome) && counts.stranded() != 0) {
      problems.add(name + " stranded " + counts.stranded() + " records in a " + outcome + " run");
    }
    if (outcome != Outcome.FAILED && counts.failed() != 0) {
      problems.add(name + " failed " + counts.failed() + " records in a " + outcome + " run");
    }
  }

  private static void checkPolicy(ErrorPolicy policy, StageReport counts, List<String> problems) {
    String name = "stage '" + counts.name() + "' (" + policy + ")";
    ErrorPolicy.Action action = policy.action();
    if (action != ErrorPolicy.Action.SKIP && counts.skipped() != 0) {
      problems.add(name + " skipped " + counts.skipped() + " records");
    }
    long limit = policy.skipLimit().orElse(Long.MAX_VALUE);
    if (counts.skipped() > limit) {
      problems.add(name + " skipped " + counts.skipped() + " records, more than its limit");
    }
    if (action != ErrorPolicy.Action.DEAD_LETTER && counts.deadLettered() != 0) {
      problems.add(name + " dead-lettered " + counts.deadLettered() + " records");
    }
    if (policy.maxAttempts() == 1 && counts.retried() != 0) {
      problems.add(name + " retried " + counts.retried() + " times");
    }
  }

  private static void checkKind(StageKind kind, StageReport counts, Outcome outcome,
      List<String> problems) {
    String name = "stage '" + counts.name() + "' (" + kind + ")";
    boolean oneForOne = kind == StageKind.MAP || kind == StageKind.FILTER;
    if ((kind.isSink() || kind == StageKind.MAP) && counts.filtered() != 0) {
      problems.add(name + " filtered " + counts.filtered() + " records");
    }
    if (kind.isSink() && counts.emitted() != 0) {
      problems.add(name + " is a sink but emitted " + counts.emitted());
    }
    if (oneForOne && delivered(outcome) && counts.emitted() != counts.passedOn()) {
      problems.add(name + " emitted " + counts.emitted() + " but passed on "
          + counts.passedOn() + " records, one each");
    }
    if (kind == StageKind.FILTER && counts.emitted() > counts.received()) {
      problems.add(name + " is a filter but emitted " + counts.emitted() + " of "
          + counts.received());
    }
  }

  private static void checkBatches(Dispatch dispatch, Parallelism parallelism,
      StageReport counts, Outcome outcome, List<String> problems) {
    String name = "stage '" + counts.name() + "' " + dispatch;
    if (!dispatch.isBatched()) {
      if (counts.totalBatches() != 0) {
        problems.add(name + " delivered batches " + counts.batchesByReason());
      }
      return;
    }
    long max = dispatch.maxSize();
    long size = counts.batches(FlushReason.SIZE);
    long ends = counts.batches(FlushReason.END_OF_STREAM) + counts.batches(FlushReason.DRAIN);
    // every batch but a SIZE one is partial: cut by time, by what had arrived, by a checkpoint
    // barrier or by the end
    long others = counts.batches(FlushReason.TIME) + counts.batches(FlushReason.ARRIVED)
        + counts.batches(FlushReason.CHECKPOINT) + ends;
    long rest = counts.received() - size * max;
    if (rest < others) {
      problems.add(name + " received " + counts.received() + ": too few for " + size
          + " full batches and " + others + " others of at least 1");
    }
    if (delivered(outcome) && rest > others * (max - 1)) {
      problems.add(name + " received " + counts.received() + " but its batches "
          + counts.batchesByReason() + " hold at most " + (size * max + others * (max - 1)));
    }
    if (dispatch.maxWait().isEmpty() && counts.batches(FlushReason.TIME) != 0) {
      problems.add(name + " has no maxWait but delivered TIME batches");
    }
    // an ordered parallel stage's worker flushes a batch cut by the end of its share (ARRIVED)
    boolean cuts = parallelism.isParallel()
        && parallelism.ordering() == Parallelism.Ordering.ORDERED;
    if (!dispatch.isSmart() && !cuts && counts.batches(FlushReason.ARRIVED) != 0) {
      problems.add(name + " is not smart batching but delivered ARRIVED batches");
    }
    // each worker (of a parallel stage, or a runner's subtask) flushes its own last batch
    if (ends > Math.max(parallelism.workers(), counts.workers().size())) {
      problems.add(name + " delivered " + ends + " end-of-stream/drain batches");
    }
    if (outcome == Outcome.COMPLETED && counts.batches(FlushReason.DRAIN) != 0) {
      problems.add(name + " delivered a DRAIN batch in a COMPLETED run");
    }
    if (outcome == Outcome.DRAINED && counts.batches(FlushReason.END_OF_STREAM) != 0) {
      problems.add(name + " delivered an END_OF_STREAM batch in a DRAINED run");
    }
  }
}
