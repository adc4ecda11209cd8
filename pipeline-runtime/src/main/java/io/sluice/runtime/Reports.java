package io.sluice.runtime;

import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.LiveChannel;
import io.sluice.runtime.engine.SourceWorker;
import io.sluice.runtime.engine.Step;
import java.util.ArrayList;
import java.util.List;

/** Turns the counters of a finished run into stage reports. */
final class Reports {
  private Reports() {}

  static List<StageReport> of(Pipeline<?> pipeline, SourceWorker source, LiveChannel<?> live,
      List<Step> steps) {
    List<StageReport> reports = new ArrayList<>();
    StageDefinition input = pipeline.stages().get(0);
    long produced = source != null ? source.produced() : live.accepted();
    reports.add(StageReport.builder(input.name(), input.kind())
        .received(produced).emitted(produced).build());
    for (Step step : steps) {
      StageReport.Builder report = StageReport.builder(step.name(), step.kind())
          .received(step.received()).emitted(step.emitted());
      for (FlushReason reason : FlushReason.values()) {
        report.batches(reason, step.batches(reason));
      }
      reports.add(report.build());
    }
    return reports;
  }
}
