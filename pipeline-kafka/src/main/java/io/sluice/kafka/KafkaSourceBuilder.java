package io.sluice.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Settings of a {@link KafkaSource}: what to read (topics or a pattern), how to turn keys and
 * values into objects, and any consumer property. Not thread-safe; {@link #build()} copies what
 * it needs, so a builder may go on to build other sources.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KafkaSourceBuilder<K, V> {
  private final String bootstrapServers;
  private final String groupId;
  private final Deserializer<K> keys;
  private final Deserializer<V> values;
  private final Map<String, Object> properties = new HashMap<>();
  private List<String> topics;
  private Pattern pattern;
  private Duration pollTimeout = Duration.ofMillis(100);

  KafkaSourceBuilder(String bootstrapServers, String groupId, Deserializer<K> keys,
      Deserializer<V> values) {
    this.bootstrapServers = notBlank(bootstrapServers, "bootstrapServers");
    this.groupId = notBlank(groupId, "groupId");
    this.keys = Objects.requireNonNull(keys, "key deserializer");
    this.values = Objects.requireNonNull(values, "value deserializer");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  private KafkaSourceBuilder(KafkaSourceBuilder<K, V> other) {
    this(other.bootstrapServers, other.groupId, other.keys, other.values);
    properties.putAll(other.properties);
    topics = other.topics;
    pattern = other.pattern;
    pollTimeout = other.pollTimeout;
  }

  /**
   * Reads these topics; replaces a pattern given before.
   *
   * @param topics the topic names, at least one, none blank
   * @return this builder
   * @throws IllegalArgumentException if no topic is given or one is blank, naming it
   */
  public KafkaSourceBuilder<K, V> topics(String... topics) {
    Objects.requireNonNull(topics, "topics");
    if (topics.length == 0) {
      throw new IllegalArgumentException("a Kafka source needs at least one topic");
    }
    for (String topic : topics) {
      notBlank(topic, "topic");
    }
    this.topics = List.of(topics);
    this.pattern = null;
    return this;
  }

  /**
   * Reads every topic whose name matches, now and as topics are created; replaces topics given
   * before.
   *
   * @param pattern the pattern
   * @return this builder
   * @throws NullPointerException if {@code pattern} is {@code null}
   */
  public KafkaSourceBuilder<K, V> pattern(Pattern pattern) {
    this.pattern = Objects.requireNonNull(pattern, "pattern");
    this.topics = null;
    return this;
  }

  /**
   * Sets a consumer property ({@link ConsumerConfig}); {@code auto.offset.reset} is
   * {@code earliest} unless set here. {@code enable.auto.commit} is refused: the source commits.
   *
   * @param name the property
   * @param value its value
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is {@code enable.auto.commit},
   *     {@code group.id} or {@code bootstrap.servers} (given to {@code builder})
   */
  public KafkaSourceBuilder<K, V> property(String name, Object value) {
    properties.put(allowed(name, value, "consumer property '%s' is set by the Kafka source "
        + "itself", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG), value);
    return this;
  }

  /**
   * Sets how long one poll waits for records when none is ready (100 ms unless set): longer
   * saves calls on an idle topic, shorter answers a drain or cancel sooner.
   *
   * @param timeout the wait, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public KafkaSourceBuilder<K, V> pollTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "pollTimeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("pollTimeout must be positive but was " + timeout);
    }
    this.pollTimeout = timeout;
    return this;
  }

  /**
   * Does nothing: kept so that code written against the first version compiles. That version
   * committed, on close, the offsets of every record emitted, including records still inside the
   * pipeline and those of a cancelled or failed run (lost if the process then died). A source now
   * commits at the end of every run that completed or drained, once every record reached its
   * fate, and never beyond what is done otherwise (see {@link KafkaSource}).
   *
   * @return this builder
   * @deprecated the end-of-run commit is made for every run that completes or drains; remove the
   *     call
   */
  @Deprecated(forRemoval = true)
  public KafkaSourceBuilder<K, V> commitOnClose() {
    return this;
  }

  /**
   * Builds the source.
   *
   * @return a new source
   * @throws IllegalStateException if neither topics nor a pattern was given
   */
  public KafkaSource<K, V> build() {
    if (topics == null && pattern == null) {
      throw new IllegalStateException("a Kafka source needs topics(...) or pattern(...)");
    }
    return new KafkaSource<>(new KafkaSourceBuilder<>(this));
  }

  Consumer<K, V> newConsumer(String clientName) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-" + clientName);
    return new KafkaConsumer<>(config, keys, values);
  }

  void subscribe(Consumer<K, V> consumer, ConsumerRebalanceListener listener) {
    if (pattern != null) {
      consumer.subscribe(pattern, listener);
    } else {
      consumer.subscribe(topics, listener);
    }
  }

  String groupId() {
    return groupId;
  }

  Duration pollTimeout() {
    return pollTimeout;
  }

  /** Returns {@code name}, checked against the properties a builder sets itself. */
  static String allowed(String name, Object value, String refusal, String... reserved) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value of " + name);
    if (List.of(reserved).contains(name)) {
      throw new IllegalArgumentException(String.format(refusal, name));
    }
    return name;
  }

  static String notBlank(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  @Override
  public String toString() {
    return "group " + groupId + ", " + (pattern != null ? "pattern " + pattern : "topics "
        + topics) + " at " + bootstrapServers;
  }
}
