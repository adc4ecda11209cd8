package io.sluice.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the broker leads every partition of a new topic. {@code createTopics} returns once
 * the controller has the topic, possibly before the broker has become the partitions' leader; a
 * producer writing then gets NOT_LEADER_OR_FOLLOWER, and the idempotent producer's retry can
 * then be refused for good (OutOfOrderSequenceException until delivery.timeout.ms). Listing a
 * partition's offsets is answered only by its leader, and the admin client retries it until then.
 */
final class Leaders {
  private Leaders() {}

  /** Returns once the broker answers for each of the topic's {@code partitions} as leader. */
  static void await(KafkaBroker broker, String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try (Admin admin = Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.listOffsets(latest).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the leaders of " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("no leader for the partitions of " + topic, e.getCause());
    }
  }

  /** Creates the topic and waits for its leaders. */
  static void createTopic(KafkaBroker broker, String topic, int partitions) {
    broker.createTopic(topic, partitions);
    await(broker, topic, partitions);
  }
}
