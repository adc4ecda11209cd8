package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Checks that the per-stage accounting of a {@link PipelineReport} adds up against its blueprint:
 *
 * <ul>
 *   <li>one report per stage, in pipeline order, with the stage's kind; an input emits what it
 *       received and a sink emits nothing;
 *   <li>across every edge, a stage received what the stage before it emitted (at most that, when the
 *       run failed or was cancelled and records were left in rings);
 *   <li>a {@code map} accounts for every record it received (emitted, or counted as not passed on);
 *       a {@code filter} emits at most what it received;
 *   <li>batches match the dispatch: none under {@code perRecord()}; a SIZE batch holds exactly
 *       {@code maxSize} records and any other at least 1 and fewer than {@code maxSize}, so the
 *       records left over after the SIZE batches are bounded by the other batches; no TIME batch
 *       without a {@code maxWait}; at most one END_OF_STREAM or DRAIN batch, and the one that
 *       matches the outcome.
 * </ul>
 *
 * <p>Written to grow with the report: when {@link StageReport} gains counts of records a stage
 * took in but did not pass on (filtered, skipped, dead-lettered), add them to
 * {@link #NOT_PASSED_ON} and the kinds they complete to {@link #CONSERVING}.
 */
public final class Accounting {

  /** Counts of records a stage received but did not emit, by cause; none exist yet. */
  private static final List<Term> NOT_PASSED_ON = List.of();

  /** Kinds for which received = emitted + every {@link #NOT_PASSED_ON} term. */
  private static final Set<StageKind> CONSERVING = Set.of(StageKind.MAP);

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
    List<StageDefinition> stages = pipeline.stages();
    List<StageReport> reports = report.stages();
    if (reports.size() != stages.size()) {
      problems.add("the report has " + reports.size() + " stages, the pipeline " + stages.size());
      return problems;
    }
    boolean complete = report.outcome() == Outcome.COMPLETED
        || report.outcome() == Outcome.DRAINED;
    for (int i = 0; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      StageReport counts = reports.get(i);
      if (!counts.name().equals(stage.name()) || counts.kind() != stage.kind()) {
        problems.add("report " + i + " is " + counts.name() + " " + counts.kind()
            + " but the stage is " + stage.name() + " " + stage.kind());
        continue;
      }
      checkFlow(stage, counts, i == 0 ? null : reports.get(i - 1), complete, problems);
      if (i > 0) {
        checkBatches(stage.dispatch(), counts, report.outcome(), problems);
      }
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

  private static void checkFlow(StageDefinition stage, StageReport counts, StageReport upstream,
      boolean complete, List<String> problems) {
    String name = "stage '" + stage.name() + "'";
    if (stage.kind().isInput() && counts.emitted() != counts.received()) {
      problems.add(name + " is an input: emitted " + counts.emitted() + " != received "
          + counts.received());
    }
    if (stage.kind().isSink() && counts.emitted() != 0) {
      problems.add(name + " is a sink but emitted " + counts.emitted());
    }
    if (upstream != null) {
      if (complete && counts.received() != upstream.emitted()) {
        problems.add(name + " received " + counts.received() + " but '" + upstream.name()
            + "' emitted " + upstream.emitted() + " and the run was not cut short");
      } else if (counts.received() > upstream.emitted()) {
        problems.add(name + " received " + counts.received() + ", more than '" + upstream.name()
            + "' emitted (" + upstream.emitted() + ")");
      }
    }
    long notPassedOn = NOT_PASSED_ON.stream().mapToLong(t -> t.count().applyAsLong(counts)).sum();
    if (CONSERVING.contains(stage.kind()) && complete
        && counts.received() != counts.emitted() + notPassedOn) {
      problems.add(name + " (" + stage.kind() + ") received " + counts.received() + " but emitted "
          + counts.emitted() + describeTerms(counts));
    }
    if (stage.kind() == StageKind.FILTER && counts.emitted() > counts.received()) {
      problems.add(name + " is a filter but emitted " + counts.emitted() + " of "
          + counts.received());
    }
  }

  private static void checkBatches(Dispatch dispatch, StageReport counts, Outcome outcome,
      List<String> problems) {
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
    long others = counts.batches(FlushReason.TIME) + ends;
    long rest = counts.received() - size * max;
    if (rest < others) {
      problems.add(name + " received " + counts.received() + ": too few for " + size
          + " full batches and " + others + " others of at least 1");
    }
    boolean delivered = outcome == Outcome.COMPLETED || outcome == Outcome.DRAINED;
    if (delivered && rest > others * (max - 1)) {
      problems.add(name + " received " + counts.received() + " but its batches "
          + counts.batchesByReason() + " hold at most " + (size * max + others * (max - 1)));
    }
    if (dispatch.maxWait().isEmpty() && counts.batches(FlushReason.TIME) != 0) {
      problems.add(name + " has no maxWait but delivered TIME batches");
    }
    if (ends > 1) {
      problems.add(name + " delivered " + ends + " end-of-stream/drain batches");
    }
    if (outcome == Outcome.COMPLETED && counts.batches(FlushReason.DRAIN) != 0) {
      problems.add(name + " delivered a DRAIN batch in a COMPLETED run");
    }
    if (outcome == Outcome.DRAINED && counts.batches(FlushReason.END_OF_STREAM) != 0) {
      problems.add(name + " delivered an END_OF_STREAM batch in a DRAINED run");
    }
  }

  private static String describeTerms(StageReport counts) {
    StringBuilder text = new StringBuilder();
    for (Term term : NOT_PASSED_ON) {
      text.append(" + ").append(term.count().applyAsLong(counts)).append(' ').append(term.name());
    }
    return text.toString();
  }

  /** A count in the report of records a stage took in but did not emit, with its name. */
  private record Term(String name, ToLongFunction<StageReport> count) {}
}
