package io.sluice.testkit;

import io.sluice.api.FlushReason;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.Step;

/** Turns the counters of a step into a stage report, as the local runner does. */
final class Reports {
  private Reports() {}

  static StageReport of(Step step) {
    StageReport.Builder report = StageReport.builder(step.name(), step.kind())
        .received(step.received())
        .emitted(step.emitted());
    for (FlushReason reason : FlushReason.values()) {
      report.batches(reason, step.batches(reason));
    }
    return report.build();
  }
}
