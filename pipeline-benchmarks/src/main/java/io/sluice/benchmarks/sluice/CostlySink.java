package io.sluice.benchmarks.sluice;

import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.SinkCost;
import java.util.List;

/**
 * A Sluice sink paying {@link SinkCost} per call: per record under {@code perRecord()}, per batch
 * under a batched dispatch. Shared by the runs of a blueprint; its tally is reset when a run opens
 * it.
 */
public final class CostlySink implements Sink<Item> {
  private final SinkCost cost = new SinkCost();

  @Override
  public void open(StageContext context) {
    cost.reset();
  }

  @Override
  public void write(Item record) {
    cost.write(record);
  }

  @Override
  public void writeBatch(List<Item> batch) {
    cost.writeBatch(batch);
  }

  /**
   * Returns the cost model and its tally of the last run.
   *
   * @return the tally
   */
  public SinkCost tally() {
    return cost;
  }
}
