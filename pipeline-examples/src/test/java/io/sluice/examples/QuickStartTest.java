package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.examples.QuickStart.Order;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void theReadmeQuickStartCleansFiltersAndSavesInBatches() throws Exception {
    List<Order> saved = new CopyOnWriteArrayList<>();
    PipelineReport report = QuickStart.run(saved);

    assertThat(saved).containsExactly(new Order("o1", "alice", 12.50),
        new Order("o3", "carol", 40.00), new Order("o4", "dave", 7.25));
    assertThat(report.stage("valid").received()).isEqualTo(4);
    assertThat(report.stage("valid").emitted()).isEqualTo(3);
    assertThat(report.stage("save").batchesByReason()).containsOnlyKeys(FlushReason.SIZE);
  }
}
