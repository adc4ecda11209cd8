package io.sluice.benchmarks.baselines;

import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;

/** The ceiling: the three stages and the sink in one loop on the calling thread, no hand-off. */
public final class HandFusedLoop {
  private HandFusedLoop() {}

  /**
   * Runs the items through the stages to the sink.
   *
   * @param items the records
   * @return what the sink saw
   */
  public static Checksum run(Item[] items) {
    Checksum checksum = new Checksum();
    for (Item item : items) {
      if (Work.all(item)) {
        checksum.add(item);
      }
    }
    return checksum;
  }
}
