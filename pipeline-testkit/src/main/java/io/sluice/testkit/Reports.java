package io.sluice.testkit;

import io.sluice.api.StageReport;
import io.sluice.runtime.engine.Step;

/** Turns the counters of a step into a stage report, exactly as the local runner does. */
final class Reports {
  private Reports() {}

  static StageReport of(Step step) {
    return step.report(0).build();
  }
}
