package io.sluice.kafka;

import io.sluice.api.BatchRecordsFailedException;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to a Kafka topic with an idempotent producer ({@code enable.idempotence},
 * {@code acks=all}: a send the producer retries is written once). Build one with
 * {@link #builder}.
 *
 * <p>Under {@code Dispatch.perRecord()} each {@link #write} sends its record and waits for the
 * broker's acknowledgement, so a failed send fails that record and goes to the sink's error
 * policy. Under {@code Dispatch.batched(...)} {@link #writeBatch} sends the whole batch, flushes
 * the producer once and reads each record's send result: records the broker refused (too large,
 * not authorised, a timeout) are named in a {@link BatchRecordsFailedException}, so only they take
 * the error policy while the others count as written. {@link #onCheckpoint} flushes, so a
 * checkpoint counts only records the broker has.
 *
 * <p>At least once: a record whose acknowledgement was lost (the process died, or a retry of a
 * failed record after its send in fact reached the broker) may be written twice.
 *
 * @param <T> the type of the records written
 */
public final class KafkaSink<T> implements Sink<T> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

  private final KafkaSinkBuilder<T, ?, ?> settings;
  private Producer<Object, Object> producer;
  private String name = "kafka";

  KafkaSink(KafkaSinkBuilder<T, ?, ?> settings) {
    this.settings = settings;
  }

  /**
   * Starts building a sink writing to one topic.
   *
   * @param bootstrapServers the brokers to contact first, {@code host:port[,host:port...]}
   * @param topic the topic written
   * @param keys turns keys into bytes; closed with the producer
   * @param key the key of a record; may return {@code null} (no key)
   * @param values turns values into bytes; closed with the producer
   * @param value the value of a record; may return {@code null} (a tombstone)
   * @param <T> the type of the records written
   * @param <K> the key type
   * @param <V> the value type
   * @return a builder
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code bootstrapServers} or {@code topic} is blank
   */
  public static <T, K, V> KafkaSinkBuilder<T, K, V> builder(String bootstrapServers,
      String topic, org.apache.kafka.common.serialization.Serializer<K> keys,
      Function<? super T, ? extends K> key,
      org.apache.kafka.common.serialization.Serializer<V> values,
      Function<? super T, ? extends V> value) {
    return new KafkaSinkBuilder<>(bootstrapServers, topic, keys, key, values, value);
  }

  /**
   * Starts building a dead-letter sink writing the records stages gave up on to a Kafka topic,
   * with headers naming the stage, the exception and the record's original topic, partition and
   * offset: {@code ErrorPolicy.deadLetter("orders.DLT", KafkaSink.deadLetterTopic(servers,
   * "orders.DLT").build())}. See {@link KafkaDeadLetterSink}.
   *
   * @param bootstrapServers the brokers to contact first, {@code host:port[,host:port...]}
   * @param topic the dead-letter topic
   * @return a builder
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code bootstrapServers} or {@code topic} is blank
   */
  public static KafkaDeadLetterSinkBuilder deadLetterTopic(String bootstrapServers,
      String topic) {
    return new KafkaDeadLetterSinkBuilder(bootstrapServers, topic);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(StageContext context) {
    if (producer != null) {
      throw new IllegalStateException("Kafka sink '" + name + "' is already open: one instance "
          + "serves one run at a time");
    }
    name = context.stageName();
    Map<String, Object> config = settings.producerConfig(name);
    producer = (Producer<Object, Object>) (Producer<?, ?>) new KafkaProducer<>(config,
        settings.keySerializer(), settings.valueSerializer());
    LOG.info("Kafka sink '{}' writes to {}", name, settings);
  }

  /** Sends the record and waits for the broker's acknowledgement. */
  @Override
  public void write(T record) throws Exception {
    try {
      producer.send(settings.toProducerRecord(record)).get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /**
   * Sends every record, flushes once, and names the records whose send failed.
   *
   * @throws BatchRecordsFailedException naming each record the broker or the producer refused
   */
  @Override
  public void writeBatch(List<T> batch) throws BatchRecordsFailedException {
    List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
    BatchRecordsFailedException.Builder failed = BatchRecordsFailedException.builder();
    for (int i = 0, n = batch.size(); i < n; i++) {
      try {
        sent.add(producer.send(settings.toProducerRecord(batch.get(i))));
      } catch (RuntimeException e) {
        sent.add(null); // refused before sending: serialisation, a full buffer, a bad topic
        failed.fail(i, e);
      }
    }
    producer.flush(); // every send above is now acknowledged or failed
    for (int i = 0; i < sent.size(); i++) {
      Future<RecordMetadata> result = sent.get(i);
      if (result == null) {
        continue;
      }
      try {
        result.get();
      } catch (ExecutionException e) {
        failed.fail(i, unwrap(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.fail(i, e);
      }
    }
    failed.throwIfAny();
  }

  /** Flushes the producer: every record handed to this sink is then on the broker. */
  @Override
  public void onCheckpoint(long checkpointId) {
    producer.flush();
  }

  @Override
  public void close() {
    if (producer != null) {
      Producer<Object, Object> closing = producer;
      producer = null;
      Uninterruptibly.close(() -> closing.close(Duration.ofSeconds(10)),
          () -> closing.close(Duration.ZERO));
    }
  }

  private static Exception unwrap(ExecutionException e) {
    return e.getCause() instanceof Exception cause ? cause : e;
  }

  @Override
  public String toString() {
    return "KafkaSink(" + settings + ")";
  }
}
