package io.sluice.kafka;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of a consumer poll that the pipeline had no room for yet, in poll order (each
 * partition's records in offset order), for a {@link KafkaSource} to offer again. Bounded by what
 * polls return while the source's partitions are not paused: one poll's {@code max.poll.records}.
 * Used on the source's thread only.
 */
final class HeldRecords<K, V> {
  private final ArrayDeque<ConsumerRecord<K, V>> records = new ArrayDeque<>();

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** Keeps a poll's records after those held. */
  void addAll(ConsumerRecords<K, V> polled) {
    polled.forEach(records::addLast);
  }

  /** The oldest record held, or {@code null}. */
  ConsumerRecord<K, V> peek() {
    return records.peekFirst();
  }

  /** Drops the oldest record held (it was handed on). */
  void remove() {
    records.removeFirst();
  }

  /** Drops the records of partitions this member no longer owns. */
  void drop(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = Set.copyOf(partitions);
    records.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
  }

  void clear() {
    records.clear();
  }
}
