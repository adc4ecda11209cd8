package io.sluice.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.benchmarks.timeflush.TimeFlushResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
  private static final String PKG = "io.sluice.benchmarks.";

  /** One benchmark in JMH's JSON shape; {@code records/s} as the aux counter JMH derives. */
  private static String benchmark(String name, String params, double runsPerSecond,
      double recordsPerSecond, Double allocNorm) {
    String secondary = String.format(Locale.ROOT,
        "\"records\": {\"score\": %f, \"scoreError\": %f, \"scoreUnit\": \"ops/s\"}",
        recordsPerSecond, recordsPerSecond / 10);
    if (allocNorm != null) {
      secondary += String.format(Locale.ROOT, ", \"gc.alloc.rate.norm\": {\"score\": %f,"
          + " \"scoreError\": \"NaN\", \"scoreUnit\": \"B/op\"}", allocNorm);
    }
    return String.format(Locale.ROOT, "{\"jmhVersion\": \"1.37\", \"benchmark\": \"%s%s\","
        + " \"mode\": \"thrpt\", \"params\": {%s}, \"primaryMetric\": {\"score\": %f,"
        + " \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/s\"}, \"secondaryMetrics\": {%s}}",
        PKG, name, params, runsPerSecond, secondary);
  }

  private static String array(String... benchmarks) {
    return Stream.of(benchmarks).collect(Collectors.joining(",\n", "[\n", "\n]"));
  }

  private static final String RECORDS = "\"records\": \"1000000\"";

  private static final JmhResults THROUGHPUT = JmhResults.parse(array(
      benchmark("PerRecordPipelineBenchmark.sluice", RECORDS, 30, 30e6, null),
      benchmark("PerRecordPipelineBenchmark.disruptorYielding", RECORDS, 20, 20e6, null),
      benchmark("PerRecordPipelineBenchmark.disruptorBlocking", RECORDS, 10, 10e6, null),
      benchmark("PerRecordPipelineBenchmark.reactorPublishOn", RECORDS, 20, 20e6, null),
      benchmark("PerRecordPipelineBenchmark.handFusedLoop", RECORDS, 600, 600e6, null),
      benchmark("PerRecordPipelineBenchmark.somethingNew", RECORDS, 1, 1e6, null),
      benchmark("PerRecordPipelineBenchmark.jctoolsSpsc", RECORDS, 60, 60e6, null),
      benchmark("PerRecordPipelineBenchmark.sluiceFused", RECORDS, 60, 60e6, null),
      benchmark("BatchedPipelineBenchmark.sluiceBatched256", RECORDS, 70, 70e6, null),
      benchmark("BatchedPipelineBenchmark.sluiceSmart256", RECORDS, 50, 50e6, null),
      benchmark("BatchedPipelineBenchmark.disruptorChunkedYielding", RECORDS, 100, 100e6, null),
      benchmark("SinkCostBenchmark.sluiceBatched", "\"sinkRecords\": \"10000\","
          + " \"batchSize\": \"256\"", 300, 3e6, null)));

  private static final JmhResults ALLOCATION = JmhResults.parse(array(
      benchmark("SteadyStateBenchmark.sluiceSteadyState",
          RECORDS + ", \"dispatch\": \"perRecord\"", 40, 40e6, 1000.0),
      benchmark("SteadyStateBenchmark.sluiceSteadyState",
          RECORDS + ", \"dispatch\": \"batched256_1ms\"", 40, 40e6, 400_000.0)));

  private static final List<TimeFlushResult> TIME_FLUSH = List.of(
      new TimeFlushResult("idle", 1, 500, 700, 740, 780, 900, 0, 0),
      new TimeFlushResult("trickle", 10, 500, 70, 900, 2300, 4000, 0, 0));

  @Test
  void parsesScoresParamsAndNanErrors() {
    JmhResult sluice = THROUGHPUT.find("PerRecordPipelineBenchmark.sluice").orElseThrow();
    assertThat(sluice.params()).containsEntry("records", "1000000");
    assertThat(sluice.recordsPerRun()).contains(1_000_000L);
    assertThat(sluice.recordsPerSecond().orElseThrow().score()).isEqualTo(30e6);
    assertThat(sluice.primary().error()).isNaN();
    JmhResult steady = ALLOCATION.findAll("SteadyStateBenchmark.sluiceSteadyState").get(0);
    assertThat(steady.bytesPerRun()).contains(1000.0);
  }

  @Test
  void withoutTheCounterRecordsPerSecondIsRunsTimesRecords() {
    JmhResult result = new JmhResult("X.y", Map.of("records", "1000"),
        new JmhResult.Metric(5, 1, "ops/s"), Map.of());
    assertThat(result.recordsPerSecond().orElseThrow().score()).isEqualTo(5000);
    assertThat(result.bytesPerRun()).isEmpty();
  }

  @Test
  void theTargetsCarryRatiosAndVerdicts() {
    String report = BenchmarkReport.render(THROUGHPUT, ALLOCATION, TIME_FLUSH, "2 cores");
    assertThat(report).startsWith("Machine: 2 cores");
    assertThat(report).contains(
        "| `batched(256)`, three stages ÷ Sluice `perRecord()` | 2.33× | ≥ 2.00× | met |",
        "| `batched(256)`, three stages ÷ raw Disruptor, 256-record chunks, yielding | 0.70× |"
            + " ≥ 1.00× | **missed** |",
        "| `batched(256)`, three stages ÷ raw Disruptor, 256-record chunks, blocking | n/a |"
            + " ≥ 1.00× | not measured |",
        "| `smart(256)`, three stages ÷ Sluice `perRecord()` | 1.67× | ≥ 2.00× | **missed** |",
        "| costly sink `batched(256)`, share of the cost ceiling | 83 % | ≥ 90 % | **missed** |",
        "| costly sink `smart(256)`, share of the cost ceiling | n/a | ≥ 90 % | not measured |",
        "| per record, ring per stage: Sluice ÷ JCTools SPSC threads | 0.50× | ≥ 1.00× |"
            + " **missed** |",
        "| per record, ring per stage: Sluice ÷ raw Disruptor, yielding | 1.50× | ≥ 1.00× | met |",
        "| fused chain, stages fused, sink on its own thread: Sluice ÷ hand-fused loop | 0.10× |"
            + " ≥ 0.30× | **missed** |",
        "| fused chain, stages and sink on one thread as in the hand loop: Sluice ÷ hand-fused"
            + " loop | n/a | ≥ 0.30× | not measured |",
        "| for reference, what 256-record chunks give the raw Disruptor (yielding) | 5.00× | – | – |",
        "steady state, `perRecord` | 0.0010 B | 0 B (< 0.01) | met |",
        "steady state, `batched256_1ms` | 0.4000 B | 0 B (< 0.01) | **missed** |",
        "(worst scenario: trickle, maxWait 10 ms) | 2.30 ms | < 2 ms | **missed** |");
  }

  @Test
  void theTablesListKnownAndUnknownBenchmarks() {
    String report = BenchmarkReport.render(THROUGHPUT, ALLOCATION, TIME_FLUSH, null);
    assertThat(report).contains(
        "| **Sluice**, `perRecord()` on every stage | 30.0 M | ± 10 % | 1.00× |",
        "| raw Disruptor, ring per stage, `YieldingWaitStrategy` | 20.0 M | ± 10 % | 1.50× |",
        "| `PerRecordPipelineBenchmark.somethingNew` | 1.0 M | ± 10 % | 30× |",
        "| raw Disruptor per record, yielding (from table 1) | 20.0 M | – | 3.50× |",
        "| Sluice sink `batched(256)` | 3.0 M | ± 10 % | 3.6 M | 83 % |",
        "| trickle | 10 ms | 500 | 70 µs | 900 µs | 2.30 ms | 4.00 ms | 0 / 0 |",
        "| Sluice, running pipeline, `perRecord` | 1,000,000 | 1,000 | 0.0010 |");
    assertThat(report).doesNotContain("null");
  }

  @Test
  void missingResultsShowAsNotMeasured() {
    String report = BenchmarkReport.render(JmhResults.parse("[]"), JmhResults.parse("[]"),
        List.of(), null);
    assertThat(report).contains("| fused chain, stages fused, sink on its own thread: Sluice ÷ "
        + "hand-fused loop | n/a | ≥ 0.30× | not measured |", "not measured\n");
  }

  @Test
  void rejectsAFileThatIsNotAResultArray() {
    assertThatThrownBy(() -> JmhResults.parse("{\"benchmark\": 1}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JMH JSON");
  }

  @Test
  void mainReadsFilesAndWritesTheReport(@TempDir Path dir) throws IOException {
    Path throughput = dir.resolve("throughput.json");
    Files.writeString(throughput, array(
        benchmark("PerRecordPipelineBenchmark.sluice", RECORDS, 30, 30e6, null)));
    Path timeFlush = dir.resolve("time-flush.json");
    Files.writeString(timeFlush, "[{\"scenario\": \"idle\", \"maxWaitMillis\": 1, \"samples\": 3,"
        + " \"p50Micros\": 1.0, \"p90Micros\": 2.0, \"p99Micros\": 3.0, \"maxMicros\": 4.0,"
        + " \"earlyFlushes\": 0, \"unexpectedFlushes\": 0}]");
    Path out = dir.resolve("report.md");
    BenchmarkReport.main(new String[] {"--throughput", throughput.toString(), "--allocation",
        dir.resolve("absent.json").toString(), "--time-flush", timeFlush.toString(), "--out",
        out.toString()});
    assertThat(Files.readString(out)).contains("| **Sluice**, `perRecord()` on every stage |"
        + " 30.0 M |", "| idle | 1 ms | 3 | 1 µs | 2 µs | 3 µs | 4 µs | 0 / 0 |");
  }
}
