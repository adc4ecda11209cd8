package io.sluice.kafka;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link KafkaSource}'s position: for each partition, the offset of the next record to read
 * (Kafka's meaning of a committed offset). Its text form is
 * {@code topic:partition=offset} entries joined by commas, sorted, e.g.
 * {@code orders:0=42,orders:1=17}; the empty text means no partition read yet. A colon never
 * occurs in a topic name, so the form is unambiguous. Immutable.
 */
final class PartitionOffsets {
  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
  // the characters Kafka allows in a topic name
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
  static final PartitionOffsets NONE = new PartitionOffsets(Map.of());

  private final Map<TopicPartition, Long> next;

  private PartitionOffsets(Map<TopicPartition, Long> next) {
    this.next = Collections.unmodifiableMap(next);
  }

  /** The offsets given, each the next to read in its partition. */
  static PartitionOffsets of(Map<TopicPartition, Long> next) {
    Map<TopicPartition, Long> copy = new HashMap<>();
    next.forEach((partition, offset) -> {
      if (offset < 0) {
        throw new IllegalArgumentException("offset of " + partition + " must not be negative "
            + "but was " + offset);
      }
      copy.put(partition, offset);
    });
    return new PartitionOffsets(copy);
  }

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form, naming it
   */
  static PartitionOffsets parse(String text) {
    if (text.isEmpty()) {
      return NONE;
    }
    Map<TopicPartition, Long> next = new HashMap<>();
    for (String entry : text.split(",", -1)) {
      int colon = entry.lastIndexOf(':');
      int equals = entry.lastIndexOf('=');
      if (colon <= 0 || equals < colon + 2 || equals == entry.length() - 1
          || !TOPIC.matcher(entry.substring(0, colon)).matches()) {
        throw new IllegalArgumentException("Kafka position '" + text + "': entry '" + entry
            + "' is not topic:partition=offset");
      }
      try {
        TopicPartition partition = new TopicPartition(entry.substring(0, colon),
            Integer.parseInt(entry.substring(colon + 1, equals)));
        long offset = Long.parseLong(entry.substring(equals + 1));
        if (partition.partition() < 0 || offset < 0
            || next.put(partition, offset) != null) {
          throw new IllegalArgumentException("Kafka position '" + text + "': entry '" + entry
              + "' has a negative number or repeats its partition");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Kafka position '" + text + "': entry '" + entry
            + "' is not topic:partition=offset", e);
      }
    }
    return new PartitionOffsets(next);
  }

  /** The offsets, by partition. */
  Map<TopicPartition, Long> asMap() {
    return next;
  }

  /** The offset to read next in a partition, or {@code null} if this names none for it. */
  Long get(TopicPartition partition) {
    return next.get(partition);
  }

  /** These offsets as a commit of the partitions named in {@code owned}, the others left out. */
  Map<TopicPartition, OffsetAndMetadata> commitOf(Collection<TopicPartition> owned) {
    Set<TopicPartition> mine = Set.copyOf(owned);
    return next.entrySet().stream().filter(e -> mine.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
  }

  /** The text form, sorted by topic and partition. */
  String toText() {
    Map<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
    sorted.putAll(next);
    return sorted.entrySet().stream()
        .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartitionOffsets offsets && next.equals(offsets.next);
  }

  @Override
  public int hashCode() {
    return next.hashCode();
  }

  @Override
  public String toString() {
    return toText();
  }
}
