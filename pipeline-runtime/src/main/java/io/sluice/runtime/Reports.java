package io.sluice.runtime;

import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.Outbox;
import io.sluice.runtime.engine.StageWorker;
import io.sluice.runtime.engine.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the counters of a finished run into stage reports. Records a stopped run left behind count
 * as received and stranded at the stage they were headed for: those still in its input ring, and
 * those its upstream's outbox had not yet published.
 */
final class Reports {
  private Reports() {}

  /**
   * One stage of a run as the report needs it: its step, the worker whose input ring feeds it and
   * the outbox that feeds that ring. A stage fused behind another on its thread has no ring of its
   * own: both are {@code null}, and nothing can be left behind on its way in.
   */
  record Wired(Step step, StageWorker worker, Outbox inbox) {}

  /**
   * Builds the reports; call once, after every thread of the run has ended.
   *
   * @param input the input stage
   * @param produced the records the input produced or accepted
   * @param stages the other stages, in order
   * @return the reports, input first
   */
  static List<StageReport> of(StageDefinition input, long produced, List<Wired> stages) {
    List<StageReport> reports = new ArrayList<>();
    reports.add(StageReport.builder(input.name(), input.kind())
        .received(produced).emitted(produced).passedOn(produced).build());
    for (Wired wired : stages) {
      long left = (wired.worker() == null ? 0 : wired.worker().leftover())
          + (wired.inbox() == null ? 0 : wired.inbox().stranded());
      reports.add(wired.step().report(left).build());
    }
    return reports;
  }
}
