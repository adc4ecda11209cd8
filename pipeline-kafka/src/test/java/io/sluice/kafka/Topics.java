package io.sluice.kafka;

import static org.awaitility.Awaitility.await;

import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Predicate;
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

/** Plain clients for tests: fill a topic, read one whole, read a group's committed offsets. */
final class Topics {
  private final EmbeddedKafkaBroker broker;

  Topics(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  /** Writes the values, keyed by themselves, and waits until the broker has them all. */
  void produce(String topic, List<String> values) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (String value : values) {
        sent.add(producer.send(new ProducerRecord<>(topic, value, value)));
      }
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /**
   * Reads the topic from its beginning until what was read satisfies {@code enough}, failing
   * after {@code within}.
   */
  List<ConsumerRecord<String, String>> readUntil(String topic, Duration within,
      Predicate<List<ConsumerRecord<String, String>>> enough) {
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime()),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(within).pollInterval(Duration.ofMillis(1)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
        return enough.test(read);
      });
    }
    return read;
  }

  /** How many members of the group have partitions assigned now. */
  long membersWithPartitions(String group) throws Exception {
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get()
          .members().stream()
          .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
    }
  }

  /** The offsets the group committed for the topic's partitions (none: absent). */
  Map<TopicPartition, Long> committed(String group) throws Exception {
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((partition, offset) -> {
        if (offset != null) {
          result.put(partition, offset.offset());
        }
      });
      return result;
    }
  }
}
