package io.sluice.runtime;

import io.sluice.api.StageReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-run check that no record was lost or invented: every record that reached a stage has
 * exactly one fate ({@link StageReport#unaccounted()} is 0), the input passed on what it produced,
 * and each stage received exactly what the one before it emitted. A breach is a bug in the
 * runner, never a user error.
 */
final class Accounting {
  private Accounting() {}

  /**
   * Checks the stage reports of a linear pipeline, input first.
   *
   * @param stages the reports in pipeline order
   * @return one line per breach; empty when everything adds up
   */
  static List<String> breaches(List<StageReport> stages) {
    List<String> breaches = new ArrayList<>();
    StageReport input = stages.get(0);
    if (input.received() != input.emitted() || input.received() != input.passedOn()) {
      breaches.add("input '" + input.name() + "' produced " + input.received() + " records but "
          + "reports " + input.emitted() + " emitted and " + input.passedOn() + " passed on");
    }
    for (int i = 0; i < stages.size(); i++) {
      StageReport stage = stages.get(i);
      if (stage.unaccounted() != 0) {
        breaches.add("stage '" + stage.name() + "' received " + stage.received()
            + " records but their fates add up to " + (stage.received() - stage.unaccounted())
            + " (passed on " + stage.passedOn() + ", filtered " + stage.filtered() + ", skipped "
            + stage.skipped() + ", dead-lettered " + stage.deadLettered() + ", failed "
            + stage.failed() + ", stranded " + stage.stranded() + ")");
      }
      if (i > 0) {
        StageReport upstream = stages.get(i - 1);
        if (upstream.emitted() != stage.received()) {
          breaches.add("stage '" + upstream.name() + "' emitted " + upstream.emitted()
              + " records but stage '" + stage.name() + "' received " + stage.received());
        }
      }
    }
    return breaches;
  }
}
