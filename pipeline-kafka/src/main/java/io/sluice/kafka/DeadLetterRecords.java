package io.sluice.kafka;

import io.sluice.api.DeadLetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns a {@link DeadLetter} into the record written to a dead-letter topic: for a
 * {@link KafkaRecord}, its key, value and headers (re-serialised by the given functions), for any
 * other record its bytes as the given function makes them; then the {@link DeadLetterHeaders}.
 * The record has no partition: the producer picks it from the key, so with as many partitions
 * as the input topic a keyed record lands in the partition the default partitioner chose there.
 */
final class DeadLetterRecords {
  private final String topic;
  private final BiFunction<String, Object, byte[]> keys;
  private final BiFunction<String, Object, byte[]> values;
  private final Function<Object, byte[]> otherRecords;

  DeadLetterRecords(String topic, BiFunction<String, Object, byte[]> keys,
      BiFunction<String, Object, byte[]> values, Function<Object, byte[]> otherRecords) {
    this.topic = topic;
    this.keys = keys;
    this.values = values;
    this.otherRecords = otherRecords;
  }

  /**
   * The default encoding: bytes as they are, text in UTF-8, {@code null} as {@code null}, any
   * other object as its {@code toString()} in UTF-8.
   */
  static byte[] bytesOf(Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    return value.toString().getBytes(StandardCharsets.UTF_8);
  }

  ProducerRecord<byte[], byte[]> toProducerRecord(DeadLetter letter) {
    Headers headers = new RecordHeaders();
    byte[] key = null;
    byte[] value;
    if (letter.record() instanceof KafkaRecord<?, ?> original) {
      key = keys.apply(original.topic(), original.key());
      value = values.apply(original.topic(), original.value());
      original.headers().forEach(header -> headers.add(header.key(), header.value()));
      add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, original.topic());
      add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, original.partition());
      add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, original.offset());
      add(headers, DeadLetterHeaders.ORIGINAL_TIMESTAMP, original.timestamp());
    } else {
      value = otherRecords.apply(letter.record());
      add(headers, DeadLetterHeaders.RECORD_CLASS, letter.record().getClass().getName());
    }
    add(headers, DeadLetterHeaders.PIPELINE, letter.pipelineName());
    add(headers, DeadLetterHeaders.STAGE, letter.stageName());
    add(headers, DeadLetterHeaders.ATTEMPTS, letter.attempts());
    Throwable exception = letter.exception();
    add(headers, DeadLetterHeaders.EXCEPTION_CLASS, exception.getClass().getName());
    add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, exception.getMessage());
    add(headers, DeadLetterHeaders.EXCEPTION_STACK_TRACE, stackTrace(exception));
    Throwable cause = innermostCause(exception);
    if (cause != exception) {
      add(headers, DeadLetterHeaders.CAUSE_CLASS, cause.getClass().getName());
      add(headers, DeadLetterHeaders.CAUSE_MESSAGE, cause.getMessage());
    }
    return new ProducerRecord<>(topic, null, key, value, headers);
  }

  private static void add(Headers headers, String name, Object value) {
    headers.add(name, value == null ? null
        : value.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Throwable innermostCause(Throwable exception) {
    Throwable cause = exception;
    // a cause cycle is possible in hand-made exceptions: stop after a bounded walk
    for (int depth = 0; cause.getCause() != null && cause.getCause() != cause && depth < 100;
        depth++) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String stackTrace(Throwable exception) {
    StringWriter text = new StringWriter();
    exception.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    return trace.length() <= DeadLetterHeaders.MAX_STACK_TRACE ? trace
        : trace.substring(0, DeadLetterHeaders.MAX_STACK_TRACE);
  }

  @Override
  public String toString() {
    return topic;
  }
}
