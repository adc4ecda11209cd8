package io.sluice.examples.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.FlushReason;
import io.sluice.examples.console.TestConsole;
import io.sluice.examples.sales.CompareJob.Row;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compare job: the same data saved three ways. No timing is asserted, only the accounts. */
class CompareJobTest {
  @Test
  void everyDispatchSavesTheSameSalesWithTheDatabaseCallsItsBatchesImply() throws Exception {
    TestConsole out = new TestConsole();
    CompareJob.Settings settings =
        new CompareJob.Settings(3_000, 50, Duration.ofMillis(5), 50_000, 3, false, false);

    CompareJob.Result result = CompareJob.run(settings, out.console());

    for (List<Row> table : List.of(result.fullSpeed(), result.live())) {
      assertThat(table).extracting(row -> row.dispatch().toString())
          .containsExactly("perRecord()", "batched(50)", "batched(50, 5ms)");
      long saved = table.get(0).saved();
      assertThat(saved).isBetween(2_400L, 2_900L);
      assertThat(table).allSatisfy(row -> {
        assertThat(row.saved()).isEqualTo(saved);
        assertThat(row.report().stage("save").received()).isEqualTo(saved);
        assertThat(row.latencyNanos().getTotalCount()).isEqualTo(saved);
      });
      assertThat(table.get(0).databaseCalls()).isEqualTo(2 * saved);
      for (Row batched : table.subList(1, 3)) {
        assertThat(batched.databaseCalls())
            .isEqualTo(2 * batched.report().stage("save").totalBatches());
      }
      assertThat(table.get(1).report().stage("save").batches(FlushReason.SIZE))
          .isEqualTo(saved / 50);
      assertThat(table.get(1).report().stage("save").batches(FlushReason.TIME)).isZero();
    }
    assertThat(out.output()).contains("1. 3,000 lines read as fast as possible")
        .contains("2. 3,000 lines played back as a live feed at 50,000 lines/s")
        .contains("save dispatch");
  }
}
