package io.sluice.examples.fraud;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.api.Port;
import io.sluice.examples.console.TestConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job, driven without pacing so it is deterministic. The generator knows which
 * transactions it made fraudulent and which rule must catch each; the job must notify exactly
 * those alerts, in feed order: none missed, none false. Every transaction, fraudulent or not, must
 * be stored, once.
 */
class StreamJobTest {
  @TempDir Path dir;

  private static StreamJob.Settings unpaced(long rows, long seed, Dispatch store, Path csv) {
    return new StreamJob.Settings(0, rows, seed, store, csv, true, false);
  }

  private static StreamJob.Settings unpaced(long rows, long seed) {
    return unpaced(rows, seed, Dispatch.batched(500, Duration.ofMillis(100)), null);
  }

  @Test
  void everyTransactionIsStoredAndExactlyThePlantedFraudsAreNotified() throws Exception {
    TestConsole out = new TestConsole();
    try (TransactionStore store = TransactionStore.inMemory()) {
      StreamJob.Result result =
          StreamJob.run(unpaced(10_000, 42, Dispatch.batched(500), null), out.console(), store);
      PipelineReport report = result.report();

      assertThat(store.count()).isEqualTo(10_000);
      assertThat(store.ids()).isEqualTo(LongStream.rangeClosed(1, 10_000).boxed().toList());
      assertThat(result.stored()).isEqualTo(10_000);
      // seed 42 plants 92 frauds in 10,000 transactions: 30 spikes, 21 bursts, 41 journeys
      assertThat(result.planted()).hasSize(92);
      assertThat(result.planted()).filteredOn(f -> f.rule() == Rule.AMOUNT_SPIKE).hasSize(30);
      assertThat(result.planted()).filteredOn(f -> f.rule() == Rule.VELOCITY).hasSize(21);
      assertThat(result.alerts()).extracting(Alert::fraud).isEqualTo(result.planted());
      assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
      assertThat(report.accountingBreaches()).isEmpty();
      assertThat(report.stage("rules").received()).isEqualTo(10_000);
      assertThat(report.stage("rules").emittedByPort())
          .containsExactly(entry(Port.MAIN, 10_000L), entry("alerts", 92L));
      assertThat(report.stage("notify").received()).isEqualTo(92);
      assertThat(report.stage("store").received()).isEqualTo(10_000);
      assertThat(report.stage("store").batchesByReason())
          .isEqualTo(Map.of(FlushReason.SIZE, 20L));
      assertThat(result.storeCalls()).isEqualTo(40); // an executeBatch and a commit per batch
      assertThat(result.alertLatencyNanos().getTotalCount()).isEqualTo(92);
      assertThat(result.storeLatencyNanos().getTotalCount()).isEqualTo(10_000);
      assertThat(out.output())
          .contains("Stored: 10,000 (rows in table TRANSACTIONS), batched(500): 20 batches = "
              + "SIZE 20; 40 database calls")
          .contains("Alerts notified: 92 {AMOUNT_SPIKE=30, VELOCITY=21, IMPOSSIBLE_TRAVEL=41}")
          .contains("Planted frauds: 92; caught 92, missed 0; false alerts 0")
          .contains("Stage 'rules' emitted (the run report's counts per output): out 10,000, "
              + "alerts 92")
          .contains(Notifier.describe(result.alerts().get(0)));
    }
  }

  @Test
  void aTimeBoundedBatchStoresEverythingAndEveryBatchIsOneRoundTrip() throws Exception {
    StreamJob.Result result = StreamJob.run(unpaced(20_000, 42), new TestConsole().console());

    assertThat(result.stored()).isEqualTo(20_000);
    assertThat(result.alerts()).extracting(Alert::fraud).isEqualTo(result.planted());
    assertThat(result.planted()).hasSizeGreaterThan(100);
    assertThat(result.planted()).extracting(Fraud::rule).contains(Rule.values());
    assertThat(result.report().stage("rules").emittedByPort()).containsExactly(
        entry(Port.MAIN, 20_000L), entry("alerts", (long) result.planted().size()));
    long batches = result.report().stage("store").totalBatches();
    assertThat(batches).isGreaterThanOrEqualTo(40); // at most 500 each
    assertThat(result.storeCalls()).isEqualTo(2 * batches);
    assertThat(result.report().stage("store").batchesByReason().keySet())
        .isSubsetOf(FlushReason.SIZE, FlushReason.TIME, FlushReason.END_OF_STREAM);
  }

  @Test
  void theSameSeedGivesTheSameAlertsAndAnotherSeedOthers() throws Exception {
    List<Alert> first = StreamJob.run(unpaced(5_000, 7), new TestConsole().console()).alerts();
    List<Alert> again = StreamJob.run(unpaced(5_000, 7), new TestConsole().console()).alerts();
    List<Alert> other = StreamJob.run(unpaced(5_000, 8), new TestConsole().console()).alerts();

    assertThat(again).extracting(Alert::fraud).isEqualTo(first.stream().map(Alert::fraud).toList());
    assertThat(again).extracting(Alert::detail)
        .isEqualTo(first.stream().map(Alert::detail).toList());
    assertThat(other).extracting(Alert::fraud)
        .isNotEqualTo(first.stream().map(Alert::fraud).toList());
  }

  @Test
  void alertsCanAlsoGoToACsvFile() throws Exception {
    Path file = dir.resolve("alerts.csv");

    StreamJob.Result result = StreamJob.run(
        unpaced(5_000, 42, Dispatch.batched(100), file), new TestConsole().console());

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(result.alerts().size() + 1);
    assertThat(lines.get(0)).isEqualTo("transaction,time,card,rule,detail");
    assertThat(Arrays.asList(lines.get(1).split(",")).subList(0, 4)).containsExactly(
        Long.toString(result.alerts().get(0).transaction().id()),
        Long.toString(result.alerts().get(0).transaction().eventMillis()),
        result.alerts().get(0).transaction().card(), result.alerts().get(0).rule().name());
  }
}
