package io.sluice.runtime;

import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import io.sluice.api.FlushReason;
import io.sluice.runtime.engine.Outbox;
import io.sluice.runtime.engine.StageMeters;
import io.sluice.runtime.engine.Tally;
import io.sluice.runtime.engine.StageWorker;
import io.sluice.runtime.engine.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

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
      reports.add(withMeters(wired.step().report(left), wired.step().meters()).build());
    }
    return reports;
  }

  /**
   * Builds the reports of a running run from the counts its threads last published. Stages are
   * read from the last to the first, so that each stage's count is read before the count of the
   * stage feeding it: as every thread publishes before it hands records on, no stage then shows
   * more received than the stage before it emitted, and each backlog is that difference.
   *
   * @param input the input stage
   * @param produced reads what the input has handed on so far; called after every other stage
   * @param stages the other stages, in order
   * @return the reports, input first
   */
  static List<StageReport> snapshot(StageDefinition input, LongSupplier produced,
      List<Wired> stages) {
    List<Tally.Counts> counts = new ArrayList<>();
    for (int i = stages.size() - 1; i >= 0; i--) {
      counts.add(0, stages.get(i).step().tally().published());
    }
    long in = produced.getAsLong();
    List<StageReport> reports = new ArrayList<>();
    reports.add(StageReport.builder(input.name(), input.kind())
        .received(in).emitted(in).passedOn(in).build());
    long upstreamEmitted = in;
    for (int i = 0; i < stages.size(); i++) {
      Step step = stages.get(i).step();
      Tally.Counts c = counts.get(i);
      StageReportBuilder report = StageReport.builder(step.name(), step.kind())
          .received(c.received()).emitted(c.emitted()).passedOn(c.passedOn())
          .filtered(c.filtered()).skipped(c.skipped()).deadLettered(c.deadLettered())
          .retried(c.retried()).failed(c.failed()).stranded(c.stranded())
          .backlog(Math.max(0, upstreamEmitted - c.received()));
      for (FlushReason reason : FlushReason.values()) {
        report.batches(reason, c.batches()[reason.ordinal()]);
      }
      reports.add(withMeters(report, step.meters()).build());
      upstreamEmitted = c.emitted();
    }
    return reports;
  }

  private static StageReportBuilder withMeters(StageReportBuilder report, StageMeters meters) {
    return report.batchSizes(meters.batchSizes()).processingNanos(meters.processingNanos())
        .time(meters.busyNanos(), meters.idleNanos());
  }
}
