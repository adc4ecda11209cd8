package io.sluice.runtime.engine;

import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-worker rows of a parallel stage ({@link StageReport#workers()}), from each worker's own
 * step: its tally and its meters, named {@code stage[i]}. The same for both runners, since both
 * drive a {@link ParallelNode}'s lanes; an async node and an ordinary stage have none.
 */
final class WorkerRows {
  private WorkerRows() {}

  /**
   * The workers' rows once the run has ended: every worker's thread has ended and published its
   * final counts, including what a stop left in its queue (received and stranded).
   *
   * @param plan the run
   * @param def a stage
   * @return one row per worker; empty when the stage is not parallel
   */
  static List<StageReport> finished(RunPlan plan, StageDefinition def) {
    return rows(plan, def, false);
  }

  /**
   * The workers' rows of a running pipeline, from the counts each worker last published.
   *
   * @param plan the run
   * @param def a stage
   * @return one row per worker; empty when the stage is not parallel
   */
  static List<StageReport> snapshot(RunPlan plan, StageDefinition def) {
    return rows(plan, def, true);
  }

  private static List<StageReport> rows(RunPlan plan, StageDefinition def, boolean published) {
    if (!(plan.concurrent(def.name()) instanceof ParallelNode node)) {
      return List.of();
    }
    List<StageReport> rows = new ArrayList<>();
    List<Step> workers = node.workers();
    for (int i = 0; i < workers.size(); i++) {
      Step step = workers.get(i);
      String name = def.name() + "[" + i + "]";
      Tally.Counts counts = step.tally().published();
      StageReportBuilder row = published ? counts.report(name, def.kind())
          : step.tally().report(name, def.kind(), 0);
      if (!def.kind().isSink()) {
        (published ? step.emittedByPort(counts) : step.emittedByPort()).forEach(row::emittedBy);
      }
      rows.add(RunReports.withMeters(row, step.meters()).build());
    }
    return List.copyOf(rows);
  }
}
