package io.sluice.kafka;

import io.sluice.api.Emitter;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kafka topics as a member of a consumer group, emitting a {@link KafkaRecord} per record.
 * Build one with {@link #builder}.
 *
 * <p><b>Offsets.</b> The source never lets the consumer commit by itself
 * ({@code enable.auto.commit} is forced off). Its {@linkplain #position() position} is the next
 * offset of every partition it has read ({@link PartitionOffsets}); in a run with checkpoints
 * ({@code Pipeline.withCheckpoints}) that position is saved with each checkpoint, and once a
 * checkpoint completed, every record before it has reached its fate, so its offsets are then
 * committed to the group ({@link #checkpointCompleted}). A run resumed from a checkpoint starts
 * each partition it is assigned at the later of the checkpoint's offset and the group's committed
 * one (both mark records finished). At the end of a run that completed or drained
 * ({@code RunningPipeline.close()}), with or without checkpoints, the runner calls
 * {@link #checkpointCompleted} once more after every record reached its fate, so the group then
 * holds the offsets of everything the run finished. A run that is cancelled or fails commits
 * nothing more than its last completed checkpoint (nothing, without checkpoints): its records in
 * flight are read again by the next run.
 *
 * <p><b>Rebalances.</b> When the group takes partitions away, the source commits for them the
 * offsets of the last completed checkpoint (what is done) and gives them up; records it emitted
 * after that checkpoint are read again by their new owner (at least once). Partitions it gets are
 * started as above.
 *
 * <p><b>Backpressure.</b> The source hands records on with {@link Emitter#tryEmit}, which never
 * waits. While the pipeline is full it keeps the rest of one consumer poll (at most
 * {@code max.poll.records}, 500 unless set), pauses every partition it owns and goes on calling
 * {@code Consumer.poll}, which fetches nothing for paused partitions but keeps the member in its
 * group however slow the pipeline is ({@code max.poll.interval.ms} bounds the time between two
 * polls, not the time a record takes). Once what it kept is handed on, it resumes the partitions.
 * Nothing is buffered beyond that one poll's records and the consumer's own bounded fetch buffer;
 * each partition's records leave in order; records kept for a partition the group takes away are
 * dropped, never emitted (the new owner reads them from the committed offset).
 *
 * <p>One instance serves one run at a time; every call is made on the source's thread, which is
 * what a {@link KafkaConsumer} requires.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KafkaSource<K, V> implements ResumableSource<KafkaRecord<K, V>> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

  private final KafkaSourceBuilder<K, V> settings;
  private Consumer<K, V> consumer;
  private String name = "kafka";
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private PartitionOffsets resumedFrom = PartitionOffsets.NONE;
  private PartitionOffsets lastCompleted = PartitionOffsets.NONE;
  /** The offsets the group holds for owned partitions, as last committed or read: not resent. */
  private final Map<TopicPartition, Long> groupHas = new HashMap<>();
  /** What the pipeline had no room for yet, in poll order; partitions stay paused meanwhile. */
  private final HeldRecords<K, V> held = new HeldRecords<>();

  KafkaSource(KafkaSourceBuilder<K, V> settings) {
    this.settings = settings;
  }

  /**
   * Starts building a source.
   *
   * @param bootstrapServers the brokers to contact first, {@code host:port[,host:port...]}
   * @param groupId the consumer group
   * @param keys turns keys into objects; closed with the consumer
   * @param values turns values into objects; closed with the consumer
   * @param <K> the key type
   * @param <V> the value type
   * @return a builder; name the topics or a pattern before {@code build()}
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code bootstrapServers} or {@code groupId} is blank
   */
  public static <K, V> KafkaSourceBuilder<K, V> builder(String bootstrapServers, String groupId,
      org.apache.kafka.common.serialization.Deserializer<K> keys,
      org.apache.kafka.common.serialization.Deserializer<V> values) {
    return new KafkaSourceBuilder<>(bootstrapServers, groupId, keys, values);
  }

  @Override
  public void open(StageContext context) {
    openAt(context, PartitionOffsets.NONE);
  }

  @Override
  public void openAt(StageContext context, String position) {
    openAt(context, PartitionOffsets.parse(Objects.requireNonNull(position, "position")));
  }

  private void openAt(StageContext context, PartitionOffsets from) {
    if (consumer != null) {
      throw new IllegalStateException("Kafka source '" + name + "' is already open: one "
          + "instance serves one run at a time");
    }
    name = context.stageName();
    resumedFrom = from;
    lastCompleted = from;
    held.clear();
    groupHas.clear();
    next.clear();
    next.putAll(from.asMap());
    consumer = settings.newConsumer(name);
    OffsetsOnRebalance<K, V> listener = new OffsetsOnRebalance<>(this);
    settings.subscribe(consumer, listener);
    LOG.info("Kafka source '{}' opened in group '{}'{}", name, settings.groupId(),
        from.asMap().isEmpty() ? "" : " at " + from);
  }

  @Override
  public boolean poll(Emitter<KafkaRecord<K, V>> out) {
    if (!held.isEmpty()) {
      handOn(out);
      if (!held.isEmpty()) {
        // still full: a poll of the paused partitions keeps the member in its group and runs
        // the rebalance callbacks; it returns at once, the runner paces the next call
        held.addAll(consumer.poll(Duration.ZERO));
        pauseOwned(); // also the partitions that poll may have assigned
        return true;
      }
    }
    if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused()); // all handed on (or dropped on a revocation)
    }
    held.addAll(consumer.poll(settings.pollTimeout()));
    handOn(out);
    if (!held.isEmpty()) {
      pauseOwned();
    }
    return true;
  }

  /** Emits held records in order until the pipeline refuses one, which stays held. */
  private void handOn(Emitter<KafkaRecord<K, V>> out) {
    ConsumerRecord<K, V> record;
    while ((record = held.peek()) != null) {
      if (!out.tryEmit(new KafkaRecord<>(record.topic(), record.partition(), record.offset(),
          record.timestamp(), record.key(), record.value(), headers(record.headers())))) {
        return;
      }
      held.remove();
      next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }
  }

  private void pauseOwned() {
    consumer.pause(consumer.assignment());
  }

  @Override
  public String position() {
    return PartitionOffsets.of(next).toText();
  }

  /**
   * Commits to the group the offsets of the completed checkpoint (or of the end of a run that
   * completed or drained), for the partitions this member owns now, leaving out those the group
   * holds already. A commit the group refuses because it is rebalancing, or that times out, is
   * logged and left to the next checkpoint (or the revocation): the checkpoint itself stays
   * saved.
   *
   * @param position this source's position in the completed checkpoint
   * @throws IllegalArgumentException if the position is not one this source writes
   */
  @Override
  public void checkpointCompleted(String position) {
    lastCompleted = PartitionOffsets.parse(position);
    commit(lastCompleted.commitOf(consumer.assignment()), "checkpoint");
  }

  /** Called by the rebalance listener before partitions are taken away. */
  void revoked(List<TopicPartition> partitions) {
    held.drop(partitions); // never emitted: their new owner reads them
    commit(lastCompleted.commitOf(partitions), "revocation of " + partitions);
    LOG.info("Kafka source '{}' gives up {}", name, partitions);
  }

  /** Called by the rebalance listener when partitions are assigned: where each one starts. */
  void assigned(List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new java.util.HashSet<>(partitions));
    for (TopicPartition partition : partitions) {
      Long saved = resumedFrom.get(partition);
      OffsetAndMetadata done = committed.get(partition);
      long groupAt = done == null ? -1 : done.offset();
      if (done != null) {
        groupHas.put(partition, groupAt);
      } else {
        groupHas.remove(partition);
      }
      if (saved != null && saved > groupAt) {
        consumer.seek(partition, saved); // the checkpoint is ahead of the group's commit
        next.put(partition, saved);
      } else if (done != null) {
        next.put(partition, groupAt); // where the consumer starts by itself
      }
    }
    if (!held.isEmpty()) {
      consumer.pause(partitions); // the pipeline is still full: fetch nothing new yet
    }
    LOG.info("Kafka source '{}' reads {}", name, partitions);
  }

  /** Called by the rebalance listener when partitions were lost without a revocation. */
  void lost(List<TopicPartition> partitions) {
    held.drop(partitions);
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> wanted, String why) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(wanted);
    // an idle source completes checkpoints at the same offsets: the group has them already
    offsets.entrySet().removeIf(e -> Long.valueOf(e.getValue().offset())
        .equals(groupHas.get(e.getKey())));
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
      offsets.forEach((partition, offset) -> groupHas.put(partition, offset.offset()));
      LOG.debug("Kafka source '{}' committed {} at {}", name, offsets, why);
    } catch (org.apache.kafka.common.errors.RetriableException
        | org.apache.kafka.clients.consumer.CommitFailedException
        | org.apache.kafka.common.errors.RebalanceInProgressException e) {
      // the offsets stay in the checkpoint store; the next checkpoint commits again
      LOG.warn("Kafka source '{}': committing {} at {} failed, left to the next checkpoint: {}",
          name, offsets, why, e.toString());
    } catch (org.apache.kafka.common.errors.InterruptException e) {
      Thread.currentThread().interrupt(); // the run is being cancelled: its store keeps them
      LOG.debug("Kafka source '{}': committing {} at {} interrupted", name, offsets, why);
    }
  }

  /**
   * Closes the consumer, leaving the group. Leaving revokes the partitions, which commits for
   * them the last completed checkpoint's offsets (or the end of a run's, told just before): never
   * the offsets of records still in flight.
   */
  @Override
  public void close() {
    if (consumer == null) {
      return;
    }
    Consumer<K, V> closing = consumer; // still set: closing revokes, which commits
    try {
      Uninterruptibly.close(() -> closing.close(CloseOptions.timeout(Duration.ofSeconds(10))),
          () -> closing.close(CloseOptions.timeout(Duration.ZERO)));
    } finally {
      consumer = null;
    }
  }

  private static List<KafkaRecord.Header> headers(Headers headers) {
    List<KafkaRecord.Header> list = new ArrayList<>();
    headers.forEach(header -> list.add(new KafkaRecord.Header(header.key(), header.value())));
    return list;
  }

  @Override
  public String toString() {
    return "KafkaSource(" + settings + ")";
  }
}
