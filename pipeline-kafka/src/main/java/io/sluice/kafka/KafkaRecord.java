package io.sluice.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record read from Kafka by a {@link KafkaSource}: where it was (topic, partition, offset),
 * when (the record's timestamp, in epoch milliseconds), its key and value as the deserialisers
 * made them, and its headers in order. Immutable apart from the key and value objects
 * themselves.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset in its partition
 * @param timestamp the record's timestamp in epoch milliseconds (create or log-append time, as
 *     the topic says), or -1 if it has none
 * @param key the key, or {@code null} if the record has none
 * @param value the value, or {@code null} for a tombstone
 * @param headers the headers in the order the producer added them (a key may repeat)
 * @param <K> the key type
 * @param <V> the value type
 */
public record KafkaRecord<K, V>(String topic, int partition, long offset, long timestamp, K key,
    V value, List<Header> headers) {

  /**
   * Checks and copies the parts.
   *
   * @param topic the topic
   * @param partition the partition
   * @param offset the record's offset in its partition
   * @param timestamp the record's timestamp in epoch milliseconds, or -1
   * @param key the key, or {@code null}
   * @param value the value, or {@code null}
   * @param headers the headers in order
   * @throws NullPointerException if {@code topic} or {@code headers} is {@code null}
   * @throws IllegalArgumentException if {@code partition} or {@code offset} is negative
   */
  public KafkaRecord {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative but was " + partition);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative but was " + offset);
    }
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
  }

  /**
   * Returns the last value of the header named {@code key}, as Kafka's own
   * {@code Headers.lastHeader} does.
   *
   * @param key the header's name
   * @return a copy of its value, or {@code null} if the record has no such header or its value is
   *     {@code null}
   */
  public byte[] lastHeader(String key) {
    Objects.requireNonNull(key, "key");
    for (int i = headers.size() - 1; i >= 0; i--) {
      if (headers.get(i).key().equals(key)) {
        return headers.get(i).value();
      }
    }
    return null;
  }

  /**
   * One Kafka record header.
   *
   * @param key the header's name
   * @param value its value, possibly {@code null}; copied in and out
   */
  public record Header(String key, byte[] value) {
    /**
     * Checks and copies the parts.
     *
     * @param key the header's name
     * @param value its value, possibly {@code null}
     * @throws NullPointerException if {@code key} is {@code null}
     */
    public Header {
      Objects.requireNonNull(key, "key");
      value = value == null ? null : value.clone();
    }

    /**
     * Returns a copy of the value.
     *
     * @return the value, or {@code null}
     */
    @Override
    public byte[] value() {
      return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Header header && key.equals(header.key)
          && Arrays.equals(value, header.value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return key + "=" + (value == null ? "null" : value.length + " bytes");
    }
  }
}
