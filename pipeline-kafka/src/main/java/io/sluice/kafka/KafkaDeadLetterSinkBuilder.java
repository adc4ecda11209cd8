package io.sluice.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Settings of a {@link KafkaDeadLetterSink}: the dead-letter topic, how a failed record's key and
 * value become bytes, and any producer property. Start one with
 * {@link KafkaSink#deadLetterTopic(String, String)}. Not thread-safe; {@link #build()} copies what
 * it needs.
 *
 * <p>By default keys and values are written as they are if they are {@code byte[]} (a source
 * reading with {@code ByteArrayDeserializer} gets the original bytes into the dead-letter topic
 * unchanged), as UTF-8 if they are text, and as the UTF-8 of their {@code toString()} otherwise;
 * {@link #kafkaRecordSerializers} and {@link #otherRecords} choose otherwise.
 */
public final class KafkaDeadLetterSinkBuilder {
  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> properties = new HashMap<>();
  private BiFunction<String, Object, byte[]> keys = (topic, key) -> DeadLetterRecords.bytesOf(key);
  private BiFunction<String, Object, byte[]> values =
      (topic, value) -> DeadLetterRecords.bytesOf(value);
  private Function<Object, byte[]> otherRecords = DeadLetterRecords::bytesOf;

  KafkaDeadLetterSinkBuilder(String bootstrapServers, String topic) {
    this.bootstrapServers = KafkaSourceBuilder.notBlank(bootstrapServers, "bootstrapServers");
    this.topic = KafkaSourceBuilder.notBlank(topic, "topic");
  }

  private KafkaDeadLetterSinkBuilder(KafkaDeadLetterSinkBuilder other) {
    this(other.bootstrapServers, other.topic);
    properties.putAll(other.properties);
    keys = other.keys;
    values = other.values;
    otherRecords = other.otherRecords;
  }

  /**
   * Re-serialises the key and value of a failed {@link KafkaRecord} with these serialisers, the
   * counterparts of the source's deserialisers, so the dead-letter topic holds what the input
   * topic held. Each is called with the record's original topic (what a schema registry's
   * subject naming expects). They are not closed by the sink: a later run may open it again.
   *
   * @param keys serialises the keys of the failed records
   * @param values serialises their values
   * @param <K> the key type of the {@link KafkaRecord}s
   * @param <V> the value type
   * @return this builder
   * @throws NullPointerException if a serialiser is {@code null}
   */
  @SuppressWarnings("unchecked")
  public <K, V> KafkaDeadLetterSinkBuilder kafkaRecordSerializers(Serializer<K> keys,
      Serializer<V> values) {
    Objects.requireNonNull(keys, "key serializer");
    Objects.requireNonNull(values, "value serializer");
    // a record of another type fails its dead-lettering with a ClassCastException naming it
    this.keys = (originalTopic, key) -> keys.serialize(originalTopic, (K) key);
    this.values = (originalTopic, value) -> values.serialize(originalTopic, (V) value);
    return this;
  }

  /**
   * Sets how a failed record that is not a {@link KafkaRecord} (one a stage made from it) becomes
   * the dead-letter record's value; such a record has no key.
   *
   * @param encoding the record's bytes, e.g. its JSON
   * @return this builder
   * @throws NullPointerException if {@code encoding} is {@code null}
   */
  public KafkaDeadLetterSinkBuilder otherRecords(Function<Object, byte[]> encoding) {
    this.otherRecords = Objects.requireNonNull(encoding, "encoding");
    return this;
  }

  /**
   * Sets a producer property ({@link ProducerConfig}), e.g. {@code compression.type}.
   *
   * @param name the property
   * @param value its value
   * @return this builder
   * @throws NullPointerException if {@code name} or {@code value} is {@code null}
   * @throws IllegalArgumentException if {@code name} would make the producer not idempotent
   *     ({@code enable.idempotence}, {@code acks}) or is {@code bootstrap.servers}
   */
  public KafkaDeadLetterSinkBuilder property(String name, Object value) {
    properties.put(KafkaSinkBuilder.producerProperty(name, value), value);
    return this;
  }

  /**
   * Builds the sink.
   *
   * @return a new dead-letter sink
   */
  public KafkaDeadLetterSink build() {
    return new KafkaDeadLetterSink(new KafkaDeadLetterSinkBuilder(this));
  }

  Map<String, Object> producerConfig(String clientName) {
    return KafkaSinkBuilder.idempotentProducer(properties, bootstrapServers, clientName);
  }

  DeadLetterRecords records() {
    return new DeadLetterRecords(topic, keys, values, otherRecords);
  }

  @Override
  public String toString() {
    return "dead-letter topic " + topic + " at " + bootstrapServers;
  }
}
