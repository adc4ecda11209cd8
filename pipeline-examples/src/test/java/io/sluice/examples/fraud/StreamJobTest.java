package io.sluice.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.examples.console.TestConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job, driven without pacing so it is deterministic. The generator knows which
 * transactions it made fraudulent and which rule must catch each; the job must raise exactly those
 * alerts, in feed order: none missed, none false.
 */
class StreamJobTest {
  @TempDir Path dir;

  private static StreamJob.Settings unpaced(long rows, long seed, Path alertsCsv) {
    return new StreamJob.Settings(0, rows, seed, alertsCsv, true, false);
  }

  @Test
  void aFixedSeedRaisesExactlyThePlantedAlerts() throws Exception {
    TestConsole out = new TestConsole();

    StreamJob.Result result = StreamJob.run(unpaced(20_000, 42, null), out.console());

    assertThat(result.alerts()).extracting(Alert::fraud).isEqualTo(result.planted());
    assertThat(result.planted()).hasSizeGreaterThan(100);
    assertThat(result.planted()).extracting(Fraud::rule).contains(Rule.values());
    assertThat(result.report().stage("alerts").received()).isEqualTo(20_000);
    assertThat(result.latencyNanos().getTotalCount()).isEqualTo(20_000);
    assertThat(out.output())
        .contains("Planted frauds: " + result.planted().size() + "; caught "
            + result.planted().size() + ", missed 0; false alerts 0")
        .contains(AlertSink.describe(result.alerts().get(0)));
  }

  @Test
  void theSameSeedGivesTheSameAlertsAndAnotherSeedOthers() throws Exception {
    List<Alert> first = StreamJob.run(unpaced(5_000, 7, null), new TestConsole().console())
        .alerts();
    List<Alert> again = StreamJob.run(unpaced(5_000, 7, null), new TestConsole().console())
        .alerts();
    List<Alert> other = StreamJob.run(unpaced(5_000, 8, null), new TestConsole().console())
        .alerts();

    assertThat(again).extracting(Alert::fraud).isEqualTo(first.stream().map(Alert::fraud).toList());
    assertThat(again).extracting(Alert::detail)
        .isEqualTo(first.stream().map(Alert::detail).toList());
    assertThat(other).extracting(Alert::fraud)
        .isNotEqualTo(first.stream().map(Alert::fraud).toList());
  }

  @Test
  void alertsCanAlsoGoToACsvFile() throws Exception {
    Path file = dir.resolve("alerts.csv");

    StreamJob.Result result = StreamJob.run(unpaced(5_000, 42, file), new TestConsole().console());

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(result.alerts().size() + 1);
    assertThat(lines.get(0)).isEqualTo("transaction,time,card,rule,detail");
    assertThat(Arrays.asList(lines.get(1).split(",")).subList(0, 4)).containsExactly(
        Long.toString(result.alerts().get(0).transaction().id()),
        Long.toString(result.alerts().get(0).transaction().eventMillis()),
        result.alerts().get(0).transaction().card(), result.alerts().get(0).rule().name());
  }
}
