package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Source;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink against a real broker: what it writes, and how a refused record is reported. */
class KafkaSinkTest {
  @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final String HUGE = "x".repeat(4_000);

  private final Topics topics = new Topics(BROKER);

  /** A sink whose producer refuses records over about 1 KB. */
  private static KafkaSink<String> smallRequests(String topic) {
    return KafkaSink.builder(BROKER.bootstrapServers(), topic, new StringSerializer(),
        (String v) -> v.length() > 10 ? null : v, new StringSerializer(), (String v) -> v)
        .property(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_024).build();
  }

  private List<String> input() {
    List<String> values = new ArrayList<>(IntStream.range(0, 50).mapToObj(i -> "v" + i).toList());
    values.add(20, HUGE);
    values.add(40, HUGE + "y");
    return values;
  }

  private PipelineReport write(String topic, Dispatch dispatch, List<DeadLetter> dead)
      throws Exception {
    BROKER.createTopic(topic, 1);
    return Pipeline.named("write-" + topic)
        .from("values", Source.fromIterable(input()))
        .to("kafka", smallRequests(topic), dispatch,
            ErrorPolicy.deadLetter("refused", dead::add))
        .run();
  }

  @Test
  void aBatchedWriteNamesOnlyTheRecordsTheProducerRefusedAndWritesTheOthersOnce()
      throws Exception {
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    PipelineReport report = write("batched", Dispatch.batched(100), dead);

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(report.stage("kafka").deadLettered()).isEqualTo(2);
    assertThat(dead).hasSize(2).allSatisfy(letter ->
        assertThat(letter.exception()).isInstanceOf(RecordTooLargeException.class));
    assertThat(dead.stream().map(letter -> ((String) letter.record()).length()))
        .containsExactly(4_000, 4_001);
    List<ConsumerRecord<String, String>> out = topics.readUntil("batched",
        Duration.ofSeconds(30), read -> read.size() >= 50);
    assertThat(out).extracting(ConsumerRecord::value)
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "v" + i).toList());
    assertThat(out).extracting(ConsumerRecord::key).containsExactlyElementsOf(
        IntStream.range(0, 50).mapToObj(i -> "v" + i).collect(Collectors.toList()));
  }

  @Test
  void aPerRecordWriteFailsOnlyTheRefusedRecord() throws Exception {
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    PipelineReport report = write("per-record", Dispatch.perRecord(), dead);

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(report.stage("kafka").deadLettered()).isEqualTo(2);
    assertThat(topics.readUntil("per-record", Duration.ofSeconds(30), read -> read.size() >= 50))
        .hasSize(50);
  }

  @Test
  void theBuilderRefusesPropertiesThatWouldUndoIdempotenceNamingThem() {
    assertThatThrownBy(() -> KafkaSink.builder("127.0.0.1:1", "t", new StringSerializer(),
        (String v) -> v, new StringSerializer(), (String v) -> v)
        .property(ProducerConfig.ACKS_CONFIG, "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acks'");
  }
}
