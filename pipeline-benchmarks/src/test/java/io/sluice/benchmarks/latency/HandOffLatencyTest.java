package io.sluice.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A smoke run of the latency driver: every scenario runs, every table and target is filled. */
class HandOffLatencyTest {
  @Test
  void everyScenarioRunsAndReportsItsTarget() throws Exception {
    String report = HandOffLatency.report(50_000_000L, 20_000_000L, 2);

    assertThat(report).contains("#### Latency targets", "#### Three stages, paced",
        "#### A 2 ms stage", "#### A source whose poll waits", "#### Idle CPU",
        "#### Costly sink");
    assertThat(report).contains("| hop p99 at 10k records/s, Sluice vs raw Disruptor blocking |",
        "| idle live pipeline, CPU |", "`smart(256)`", "raw Disruptor, `YieldingWaitStrategy`",
        "Reactor `publishOn` per stage");
    assertThat(report.lines().filter(line -> line.startsWith("| 10k/s"))).hasSize(4);
    assertThat(report).doesNotContain("NaN");
  }
}
