package io.sluice.flink;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster a test class shares: one task manager with two slots (parallelism 1-2). */
final class MiniClusters {
  private MiniClusters() {}

  static MiniClusterExtension twoSlots() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .build());
  }
}
