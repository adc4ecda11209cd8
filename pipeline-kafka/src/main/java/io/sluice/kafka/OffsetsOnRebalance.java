package io.sluice.kafka;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a {@link KafkaSource} the group's rebalances; Kafka calls it inside {@code poll}, on the
 * source's thread. Revoked partitions get the last completed checkpoint's offsets committed, lost
 * ones (the member was dropped, committing is no longer possible) are only logged.
 */
final class OffsetsOnRebalance<K, V> implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(OffsetsOnRebalance.class);
  private final KafkaSource<K, V> source;

  OffsetsOnRebalance(KafkaSource<K, V> source) {
    this.source = source;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      source.revoked(List.copyOf(partitions));
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      source.assigned(List.copyOf(partitions));
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    source.lost(List.copyOf(partitions));
    LOG.warn("Kafka source lost {} without a revocation: their records after the last commit "
        + "are read again by their new owner", partitions);
  }
}
