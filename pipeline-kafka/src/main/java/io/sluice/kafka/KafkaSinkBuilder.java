package io.sluice.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Settings of a {@link KafkaSink}: the topic, how a record becomes a key and a value and how
 * those become bytes, and any producer property. Not thread-safe; {@link #build()} copies what
 * it needs.
 *
 * @param <T> the type of the records written
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KafkaSinkBuilder<T, K, V> {
  private final String bootstrapServers;
  private final String topic;
  private final Serializer<K> keys;
  private final Function<? super T, ? extends K> key;
  private final Serializer<V> values;
  private final Function<? super T, ? extends V> value;
  private final Map<String, Object> properties = new HashMap<>();

  KafkaSinkBuilder(String bootstrapServers, String topic, Serializer<K> keys,
      Function<? super T, ? extends K> key, Serializer<V> values,
      Function<? super T, ? extends V> value) {
    this.bootstrapServers = KafkaSourceBuilder.notBlank(bootstrapServers, "bootstrapServers");
    this.topic = KafkaSourceBuilder.notBlank(topic, "topic");
    this.keys = Objects.requireNonNull(keys, "key serializer");
    this.key = Objects.requireNonNull(key, "key function");
    this.values = Objects.requireNonNull(values, "value serializer");
    this.value = Objects.requireNonNull(value, "value function");
  }

  private KafkaSinkBuilder(KafkaSinkBuilder<T, K, V> other) {
    this(other.bootstrapServers, other.topic, other.keys, other.key, other.values, other.value);
    properties.putAll(other.properties);
  }

  /**
   * Sets a producer property ({@link ProducerConfig}), e.g. {@code linger.ms} or
   * {@code compression.type}.
   *
   * @param name the property
   * @param value its value
   * @return this builder
   * @throws IllegalArgumentException if {@code name} would make the producer not idempotent
   *     ({@code enable.idempotence}, {@code acks}) or is {@code bootstrap.servers}
   */
  public KafkaSinkBuilder<T, K, V> property(String name, Object value) {
    properties.put(producerProperty(name, value), value);
    return this;
  }

  /**
   * Builds the sink.
   *
   * @return a new sink
   */
  public KafkaSink<T> build() {
    return new KafkaSink<>(new KafkaSinkBuilder<>(this));
  }

  Map<String, Object> producerConfig(String clientName) {
    return idempotentProducer(properties, bootstrapServers, clientName);
  }

  /** The user's properties with what every producer of this module sets: idempotent, acks=all. */
  static Map<String, Object> idempotentProducer(Map<String, Object> properties,
      String bootstrapServers, String clientName) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sluice-" + clientName);
    return config;
  }

  /** Checks a producer property a user sets: the ones that would undo idempotence are refused. */
  static String producerProperty(String name, Object value) {
    return KafkaSourceBuilder.allowed(name, value, "producer property '%s' is set by the Kafka "
        + "sink itself (an idempotent producer, acks=all)",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  Serializer<K> keySerializer() {
    return keys;
  }

  Serializer<V> valueSerializer() {
    return values;
  }

  ProducerRecord<Object, Object> toProducerRecord(T record) {
    return new ProducerRecord<>(topic, key.apply(record), value.apply(record));
  }

  @Override
  public String toString() {
    return "topic " + topic + " at " + bootstrapServers;
  }
}
