package io.sluice.examples.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The plain Kafka clients around the demo: fill the input topic, read a topic whole, and wait
 * until a consumer group has committed everything.
 */
final class DemoTopics implements AutoCloseable {
  /** The header carrying a message's line number in the CSV file it came from. */
  static final String LINE = "line";

  private final String servers;
  private final Admin admin;

  DemoTopics(String servers) {
    this.servers = servers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
  }

  /**
   * Writes each CSV line as a message keyed by its order id (its first field), with its line
   * number (from 2: line 1 is the header) in a header, and waits for the broker to have them.
   */
  void produceLines(String topic, List<String> lines) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int comma = line.indexOf(',');
        ProducerRecord<String, String> record =
            new ProducerRecord<>(topic, comma < 0 ? null : line.substring(0, comma), line);
        record.headers().add(LINE, Integer.toString(i + 2).getBytes(StandardCharsets.UTF_8));
        sent.add(producer.send(record));
      }
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /** Reads every message the topic holds now, partition by partition. */
  List<ConsumerRecord<String, String>> readAll(String topic) throws Exception {
    List<TopicPartition> partitions = partitions(topic);
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
      }
    }
    return read;
  }

  /** The sum of the offsets the group committed on the topic (its records done). */
  long committed(String group) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset)
        .sum();
  }

  /**
   * Waits until the group has committed {@code count} messages, which a Sluice Kafka source does
   * only once a checkpoint after them completed, that is once they were produced or
   * dead-lettered.
   */
  void awaitCommitted(String group, long count, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (committed(group) < count) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("group " + group + " committed " + committed(group) + " of "
            + count + " messages within " + within);
      }
      Thread.sleep(50); // the admin client has no way to be told of a commit
    }
  }

  private List<TopicPartition> partitions(String topic)
      throws ExecutionException, InterruptedException {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
