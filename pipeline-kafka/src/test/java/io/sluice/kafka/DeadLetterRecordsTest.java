package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.DeadLetter;
import io.sluice.api.FlushReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What a dead letter becomes on the dead-letter topic, without a broker. */
class DeadLetterRecordsTest {
  private static final KafkaRecord<String, Long> ORIGINAL = new KafkaRecord<>("payments", 2, 41,
      1_700_000_000_000L, "card-7", 1_250L,
      List.of(new KafkaRecord.Header("trace", "t-1".getBytes(StandardCharsets.UTF_8))));

  private static DeadLetterRecords records(KafkaDeadLetterSinkBuilder builder) {
    return builder.records();
  }

  private static String text(ProducerRecord<byte[], byte[]> record, String header) {
    Header last = record.headers().lastHeader(header);
    return last == null || last.value() == null ? null
        : new String(last.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aKafkaRecordKeepsItsKeyValueAndHeadersAndNamesWhereItCameFromAndWhyItFailed() {
    DeadLetterRecords records = records(KafkaSink.deadLetterTopic("127.0.0.1:1", "payments.DLT")
        .kafkaRecordSerializers(new StringSerializer(), new LongSerializer()));
    DeadLetter letter = new DeadLetter("billing", "charge", ORIGINAL,
        new IllegalStateException("card declined", new IOException("gateway said 402")), 3,
        FlushReason.SIZE, 10);

    ProducerRecord<byte[], byte[]> out = records.toProducerRecord(letter);

    assertThat(out.topic()).isEqualTo("payments.DLT");
    assertThat(out.partition()).isNull();
    assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("card-7");
    assertThat(out.value()).isEqualTo(new LongSerializer().serialize("payments", 1_250L));
    assertThat(text(out, "trace")).isEqualTo("t-1");
    assertThat(text(out, DeadLetterHeaders.PIPELINE)).isEqualTo("billing");
    assertThat(text(out, DeadLetterHeaders.STAGE)).isEqualTo("charge");
    assertThat(text(out, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    assertThat(text(out, DeadLetterHeaders.EXCEPTION_CLASS))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(text(out, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("card declined");
    assertThat(text(out, DeadLetterHeaders.EXCEPTION_STACK_TRACE))
        .startsWith("java.lang.IllegalStateException: card declined")
        .contains("Caused by: java.io.IOException: gateway said 402");
    assertThat(text(out, DeadLetterHeaders.CAUSE_CLASS)).isEqualTo(IOException.class.getName());
    assertThat(text(out, DeadLetterHeaders.CAUSE_MESSAGE)).isEqualTo("gateway said 402");
    assertThat(text(out, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("payments");
    assertThat(text(out, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("2");
    assertThat(text(out, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("41");
    assertThat(text(out, DeadLetterHeaders.ORIGINAL_TIMESTAMP)).isEqualTo("1700000000000");
    assertThat(out.headers().lastHeader(DeadLetterHeaders.RECORD_CLASS)).isNull();
  }

  @Test
  void anotherRecordIsEncodedWithoutAKeyAndNamesItsClassNotAnOrigin() {
    DeadLetterRecords records = records(KafkaSink.deadLetterTopic("127.0.0.1:1", "dlt")
        .otherRecords(record -> ("json:" + record).getBytes(StandardCharsets.UTF_8)));
    DeadLetter letter = new DeadLetter("p", "price", 42L, new ArithmeticException(), 1, null, 0);

    ProducerRecord<byte[], byte[]> out = records.toProducerRecord(letter);

    assertThat(out.key()).isNull();
    assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo("json:42");
    assertThat(text(out, DeadLetterHeaders.RECORD_CLASS)).isEqualTo(Long.class.getName());
    assertThat(out.headers().lastHeader(DeadLetterHeaders.EXCEPTION_MESSAGE).value()).isNull();
    assertThat(out.headers().lastHeader(DeadLetterHeaders.CAUSE_CLASS)).isNull();
    assertThat(out.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC)).isNull();
  }

  @Test
  void byDefaultBytesStayAsTheyAreTextIsUtf8AndTheStackTraceIsCut() {
    DeadLetterRecords records = records(KafkaSink.deadLetterTopic("127.0.0.1:1", "dlt"));
    byte[] raw = {0, -1, 7};
    KafkaRecord<byte[], String> original =
        new KafkaRecord<>("in", 0, 0, -1, raw, "é", List.of());
    Exception deep = new UncheckedIOException(new IOException("x".repeat(20_000)));

    ProducerRecord<byte[], byte[]> out = records.toProducerRecord(
        new DeadLetter("p", "s", original, deep, 1, null, 0));

    assertThat(out.key()).isEqualTo(raw);
    assertThat(out.value()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    assertThat(text(out, DeadLetterHeaders.EXCEPTION_STACK_TRACE))
        .hasSize(DeadLetterHeaders.MAX_STACK_TRACE);
  }

  @Test
  void theBuilderRefusesBlankNamesAndPropertiesThatWouldUndoIdempotence() {
    assertThatThrownBy(() -> KafkaSink.deadLetterTopic("127.0.0.1:1", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
    assertThatThrownBy(() -> KafkaSink.deadLetterTopic("127.0.0.1:1", "dlt")
        .property("enable.idempotence", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'enable.idempotence'");
    assertThatThrownBy(() -> KafkaSink.deadLetterTopic("127.0.0.1:1", "dlt")
        .kafkaRecordSerializers(null, new StringSerializer()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("key serializer");
  }

  @Test
  void writingBeforeOpenIsRefusedNamingTheTopic() {
    KafkaDeadLetterSink sink = KafkaSink.deadLetterTopic("127.0.0.1:1", "dlt").build();
    assertThatThrownBy(() -> sink.write(new DeadLetter("p", "s", "r", new RuntimeException(), 1,
        null, 0))).isInstanceOf(IllegalStateException.class).hasMessageContaining("dlt");
  }
}
