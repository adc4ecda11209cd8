package io.sluice.benchmarks.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline: the consume-transform-produce loop a user writes with the plain clients, on one
 * thread. It polls, processes each message and sends the result asynchronously (an idempotent
 * producer, {@code acks=all}, as Sluice's sink), and at the end flushes; with
 * {@code commitEachPoll} it also flushes and commits synchronously after each poll's sends, the
 * usual at-least-once loop.
 */
final class PlainKafkaLoop {
  private PlainKafkaLoop() {}

  /**
   * Reads {@code records} messages of {@code in} from the beginning as a fresh group, writes each
   * result to {@code out}, and returns the sum of the values written.
   */
  static long run(String servers, String group, String in, String out, long records,
      boolean commitEachPoll) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    long sum = 0;
    long read = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new StringSerializer())) {
      consumer.subscribe(List.of(in));
      while (read < records) {
        ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, String> message : polled) {
          KafkaWork.Out result = KafkaWork.apply(message.key(), message.value());
          producer.send(new ProducerRecord<>(out, result.key(), result.text()),
              (metadata, e) -> {
                if (e != null) {
                  failed.compareAndSet(null, e);
                }
              });
          sum += result.value();
          read++;
        }
        if (commitEachPoll && !polled.isEmpty()) {
          producer.flush();
          consumer.commitSync();
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("the plain loop's producer failed a send", failed.get());
    }
    if (read != records) {
      throw new IllegalStateException("the plain loop read " + read + " of " + records);
    }
    return sum;
  }
}
