package io.sluice.examples.fraud;

import java.util.List;

/**
 * A transaction and the alerts it raised (usually none). Every transaction gets one, so its
 * latency can be measured at the end of the pipeline.
 *
 * @param transaction the transaction
 * @param alerts the alerts, possibly empty
 */
public record Verdict(CardTransaction transaction, List<Alert> alerts) {

  /**
   * Creates a verdict.
   *
   * @param transaction the transaction
   * @param alerts the alerts, copied
   */
  public Verdict {
    alerts = List.copyOf(alerts);
  }
}
