package io.sluice.examples.fraud;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;

/**
 * The fraud pipeline of the {@code stream} job: one stage, two outputs, two dispatches.
 *
 * <pre>
 * transactions (live) → rules → store   (every transaction, in batches)
 *                         ↓ alerts
 *                       notify          (each alert, the moment it is raised)
 * </pre>
 */
public final class FraudPipeline {
  private FraudPipeline() {}

  /**
   * Builds the pipeline; push transactions into a run of it.
   *
   * @param notifier where each alert goes, per record
   * @param store where every transaction goes
   * @param storeDispatch how transactions are handed to the store, e.g. {@code batched(500,
   *     100ms)}
   * @return the blueprint
   */
  public static Pipeline<CardTransaction> build(Sink<? super Alert> notifier,
      Sink<? super CardTransaction> store, Dispatch storeDispatch) {
    return Pipeline.named("fraud")
        .live("transactions", CardTransaction.class)
        .stage("rules", FraudRules::new)                           // each transaction as it comes
        .sideOutputTo(FraudRules.ALERTS, "notify", notifier, Dispatch.perRecord()) // at once
        .to("store", store, storeDispatch);                        // every transaction, in bulk
  }
}
