package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Poison messages dead-lettered to a Kafka topic, the others produced, against a real broker. */
class DeadLetterTopicTest {
  @RegisterExtension static final EmbeddedKafkaBroker BROKER = new EmbeddedKafkaBroker();
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final int RECORDS = 300;

  private final Topics topics = new Topics(BROKER);

  /** Amounts in cents as text; every 25th is poison (not a number). */
  private static String amount(int i) {
    return i % 25 == 7 ? "poison-" + i : Integer.toString(i * 10);
  }

  /** Writes the amounts keyed {@code k<i>} with a trace header, and returns where each landed. */
  private Map<String, RecordMetadata> produceAmounts(String topic) throws Exception {
    Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, "k" + i, amount(i));
        record.headers().add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8));
        sent.put(amount(i), producer.send(record));
      }
    }
    Map<String, RecordMetadata> landed = new HashMap<>();
    for (Map.Entry<String, Future<RecordMetadata>> e : sent.entrySet()) {
      landed.put(e.getKey(), e.getValue().get());
    }
    return landed;
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header last = record.headers().lastHeader(name);
    return last == null || last.value() == null ? null
        : new String(last.value(), StandardCharsets.UTF_8);
  }

  @Test
  void poisonMessagesLandOnTheDeadLetterTopicWithHeadersAndTheOthersOnTheOutputTopic()
      throws Exception {
    BROKER.createTopic("amounts", 3);
    BROKER.createTopic("euros", 3);
    BROKER.createTopic("amounts.DLT", 3);
    Map<String, RecordMetadata> landed = produceAmounts("amounts");
    List<String> poison = IntStream.range(0, RECORDS).mapToObj(DeadLetterTopicTest::amount)
        .filter(a -> a.startsWith("poison")).toList();
    KafkaDeadLetterSink dlq = KafkaSink.deadLetterTopic(BROKER.bootstrapServers(), "amounts.DLT")
        .kafkaRecordSerializers(new StringSerializer(), new StringSerializer()).build();

    RunningPipeline<?> run = Pipeline.named("amounts-to-euros")
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), "dlt-group",
            new StringDeserializer(), new StringDeserializer()).topics("amounts").build())
        .map("parse", (KafkaRecord<String, String> r) ->
            String.format("%.2f EUR", Long.parseLong(r.value()) / 100.0))
        .withErrorPolicy(ErrorPolicy.retry(2, Duration.ofMillis(1), Duration.ofMillis(1))
            .thenDeadLetter("amounts.DLT", dlq))
        .to("out", () -> KafkaSink.builder(BROKER.bootstrapServers(), "euros",
            new StringSerializer(), (String v) -> null, new StringSerializer(), (String v) -> v)
            .build(), Dispatch.batched(50, Duration.ofMillis(20)))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMillis(100))
        .start();
    List<ConsumerRecord<String, String>> dead = topics.readUntil("amounts.DLT", WITHIN,
        read -> read.size() >= poison.size());
    List<ConsumerRecord<String, String>> out = topics.readUntil("euros", WITHIN,
        read -> read.size() >= RECORDS - poison.size());
    // offsets are committed once a checkpoint after every record (dead letters too) completed
    await().atMost(WITHIN).until(() -> topics.committed("dlt-group").values().stream()
        .mapToLong(Long::longValue).sum() == RECORDS);
    run.cancel();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(poison);
    assertThat(dead).allSatisfy(letter -> {
      RecordMetadata origin = landed.get(letter.value());
      int i = Integer.parseInt(letter.value().substring("poison-".length()));
      assertThat(letter.key()).isEqualTo("k" + i);
      assertThat(header(letter, "trace")).isEqualTo("t" + i);
      assertThat(header(letter, DeadLetterHeaders.PIPELINE)).isEqualTo("amounts-to-euros");
      assertThat(header(letter, DeadLetterHeaders.STAGE)).isEqualTo("parse");
      assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("2");
      assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS))
          .isEqualTo(NumberFormatException.class.getName());
      assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE))
          .contains("\"" + letter.value() + "\"");
      assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("amounts");
      assertThat(header(letter, DeadLetterHeaders.ORIGINAL_PARTITION))
          .isEqualTo(Integer.toString(origin.partition()));
      assertThat(header(letter, DeadLetterHeaders.ORIGINAL_OFFSET))
          .isEqualTo(Long.toString(origin.offset()));
      assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TIMESTAMP))
          .isEqualTo(Long.toString(origin.timestamp()));
    });
    assertThat(out).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, RECORDS).mapToObj(DeadLetterTopicTest::amount)
            .filter(a -> !a.startsWith("poison"))
            .map(a -> String.format("%.2f EUR", Long.parseLong(a) / 100.0))
            .collect(Collectors.toList()));
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(report.stage("in").emitted()).isEqualTo(RECORDS);
    assertThat(report.stage("parse").received()).isEqualTo(RECORDS);
    assertThat(report.stage("parse").deadLettered()).isEqualTo(poison.size());
    assertThat(report.stage("parse").retried()).isEqualTo(poison.size());
    assertThat(report.stage("parse").passedOn()).isEqualTo(RECORDS - poison.size());
    assertThat(report.stage("out").passedOn()).isEqualTo(RECORDS - poison.size());
    assertThat(report.stage("out").failed()).isZero();
  }

  @Test
  void aRecordAStageMadeIsDeadLetteredAsItsTextNamingItsClass() throws Exception {
    BROKER.createTopic("words", 1);
    BROKER.createTopic("words.DLT", 1);
    topics.produce("words", List.of("alpha", "", "gamma"));
    List<Integer> lengths = new CopyOnWriteArrayList<>();

    RunningPipeline<?> run = Pipeline.named("lengths")
        .from("in", () -> KafkaSource.builder(BROKER.bootstrapServers(), "words-group",
            new StringDeserializer(), new StringDeserializer()).topics("words").build())
        .map("length", (KafkaRecord<String, String> r) -> r.value().length())
        .map("inverse", (Integer n) -> 100 / n)
        .withErrorPolicy(ErrorPolicy.deadLetter("words.DLT",
            KafkaSink.deadLetterTopic(BROKER.bootstrapServers(), "words.DLT").build()))
        .to("collect", lengths::add)
        .start();
    List<ConsumerRecord<String, String>> dead = topics.readUntil("words.DLT", WITHIN,
        read -> !read.isEmpty());
    await().atMost(WITHIN).until(() -> lengths.size() == 2);
    run.cancel();
    run.awaitCompletion(WITHIN);

    assertThat(dead).singleElement().satisfies(letter -> {
      assertThat(letter.key()).isNull();
      assertThat(letter.value()).isEqualTo("0");
      assertThat(header(letter, DeadLetterHeaders.RECORD_CLASS))
          .isEqualTo(Integer.class.getName());
      assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS))
          .isEqualTo(ArithmeticException.class.getName());
      assertThat(header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isNull();
    });
    assertThat(lengths).containsExactly(20, 20);
  }
}
