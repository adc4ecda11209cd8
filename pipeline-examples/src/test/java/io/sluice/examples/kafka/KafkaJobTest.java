package io.sluice.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.examples.console.TestConsole;
import io.sluice.examples.sales.SaleLine;
import io.sluice.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The kafka job against the broker it starts: every line priced or dead-lettered, once. */
class KafkaJobTest {
  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void everyLineIsPricedOrDeadLetteredWithItsReasonAndTheGroupCommittedThemAll()
      throws Exception {
    List<String> lines = KafkaJob.bundledLines();
    long bad = lines.stream().filter(line -> {
      try {
        SaleLine.parse(0, line, 0);
        return false;
      } catch (IllegalArgumentException e) {
        return true;
      }
    }).count();
    TestConsole out = new TestConsole();

    KafkaJob.Result result = KafkaJob.run(new KafkaJob.Settings(5, 2), out.console());

    PipelineReport report = result.report();
    assertThat(result.produced()).isEqualTo(2L * lines.size());
    assertThat(bad).isEqualTo(14); // the bundled file's dirty lines (CHF is unknown too)
    assertThat(result.deadLetters()).hasSize((int) (2 * bad)).allSatisfy(letter -> {
      assertThat(header(letter, DeadLetterHeaders.STAGE)).isEqualTo("parse");
      assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(KafkaJob.SALES);
      assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).startsWith("line ");
      assertThat(lines).contains(letter.value());
    });
    assertThat(result.priced()).hasSize((int) (2 * (lines.size() - bad)));
    assertThat(result.priced()).filteredOn(r -> "1030".equals(r.key()))
        .extracting(ConsumerRecord::value).hasSize(2).allSatisfy(value -> assertThat(value)
            .startsWith("1030,2024-03-07,\"Chen, Wei\",Espresso Cups (6),")
            .endsWith(",2,24.00,USD,48.00,44.16"));
    assertThat(result.committed()).isEqualTo(result.produced());
    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(report.stage("parse").deadLettered()).isEqualTo(2 * bad);
    assertThat(report.stage("produce").passedOn()).isEqualTo(2 * (lines.size() - bad));
    assertThat(out.output()).contains("Started a Kafka broker inside this JVM at 127.0.0.1:")
        .contains("holds " + 2 * bad + " dead letters")
        .contains("sales-")
        .contains("column 'quantity': 'two' is not a whole number")
        .contains("committed " + result.produced() + " of " + result.produced())
        .contains("Stopped the broker");
  }
}
