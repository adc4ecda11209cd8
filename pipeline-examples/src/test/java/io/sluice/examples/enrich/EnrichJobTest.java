package io.sluice.examples.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.examples.console.TestConsole;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The enrich job: three ways to run a slow lookup, the same payments. No timing is asserted. */
class EnrichJobTest {
  @Test
  void serialParallelAndAsyncGiveTheSameEnrichedPaymentsInOrder() throws Exception {
    TestConsole out = new TestConsole();
    List<EnrichJob.Row> rows = EnrichJob.run(
        new EnrichJob.Settings(300, Duration.ofMillis(1), 8), out.console());

    assertThat(rows).extracting(EnrichJob.Row::variant).containsExactly("serial (perRecord)",
        "parallel(8) ordered", "async ordered(8)");
    List<Payment> expected = LongStream.range(0, 300).mapToObj(Payment::generated)
        .map(p -> p.inEur(switch (p.currency()) {
          case "USD" -> 0.92;
          case "GBP" -> 1.17;
          case "CHF" -> 1.04;
          default -> 1.0;
        })).toList();
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.output()).isEqualTo(expected);
      assertThat(row.report().accountingBreaches()).isEmpty();
      assertThat(row.report().stage("enrich").passedOn()).isEqualTo(300);
    });
    assertThat(out.output()).contains("Enriching 300 payments, each lookup a 1 ms round trip")
        .contains("parallel(8) ordered").contains("speed-up")
        .contains("All three gave the same payments in the same order.");
  }
}
