package io.sluice.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.PipelineReport;
import io.sluice.benchmarks.work.Checksum;
import org.junit.jupiter.api.Test;

/** The soak main on a small count: the real soak (10^8 under -Xmx64m) runs from soak.sh. */
class SoakTest {

  @Test
  void everyRecordReachesTheSinkPerRecord() throws InterruptedException {
    Soak.Outcome outcome = Soak.run(50_000, Dispatch.perRecord());
    assertCounts(outcome, 50_000);
  }

  @Test
  void everyRecordReachesTheSinkBatched() throws InterruptedException {
    Soak.Outcome outcome = Soak.run(50_001, Dispatch.batched(256));
    assertCounts(outcome, 50_001);
  }

  private static void assertCounts(Soak.Outcome outcome, long records) {
    PipelineReport report = outcome.report();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(report.stage("source").emitted()).isEqualTo(records);
    assertThat(report.stage("even").emitted()).isEqualTo(Checksum.expectedCount(records));
    assertThat(report.stage("sink").received()).isEqualTo(Checksum.expectedCount(records));
    assertThat(outcome.records()).isEqualTo(records);
    assertThat(outcome.toString()).contains("records/s", "heap peak");
  }
}
