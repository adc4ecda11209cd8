package io.sluice.kafka;

import io.sluice.api.DeadLetter;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dead-letter sink writing each record a stage gave up on to a Kafka topic, as Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} and Kafka Connect's {@code errors.deadletterqueue.*} do:
 *
 * <pre>{@code
 * KafkaDeadLetterSink dlq = KafkaSink.deadLetterTopic(servers, "orders.DLT")
 *     .kafkaRecordSerializers(new StringSerializer(), new StringSerializer())
 *     .build();
 * Pipeline.named("orders")
 *     .from("in", () -> KafkaSource.builder(servers, "orders", keys, values).topics("orders").build())
 *     .map("parse", parse).withErrorPolicy(ErrorPolicy.deadLetter("orders.DLT", dlq))
 *     ...
 * }</pre>
 *
 * <p>A failed {@link KafkaRecord} is written with its key, value (re-serialised, see
 * {@link KafkaDeadLetterSinkBuilder}) and headers; any other record as its encoded value without
 * a key. Then come the {@link DeadLetterHeaders}: pipeline, stage, attempts, the exception's
 * class, message and stack trace, its innermost cause, and for a {@link KafkaRecord} its original
 * topic, partition, offset and timestamp.
 *
 * <p>Each {@link #write} waits for the broker's acknowledgement (dead letters are rare; an
 * idempotent producer, {@code acks=all}), so a record counts as dead-lettered only once the topic
 * has it, and a dead letter the broker refuses fails the run as any failing dead-letter sink
 * does, naming the record. Offsets of a {@link KafkaSource} are committed at a checkpoint only
 * after the dead letters before it were written. One instance may serve several stages and
 * runs: the runner opens it before the run's first dead letter and closes it after the run.
 */
public final class KafkaDeadLetterSink implements Sink<DeadLetter> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterSink.class);

  private final KafkaDeadLetterSinkBuilder settings;
  private final DeadLetterRecords records;
  private Producer<byte[], byte[]> producer;

  KafkaDeadLetterSink(KafkaDeadLetterSinkBuilder settings) {
    this.settings = settings;
    this.records = settings.records();
  }

  /**
   * Creates the producer.
   *
   * @param context the run and the name the runner gives the dead-letter sink
   * @throws IllegalStateException if the sink is open already (in another run)
   */
  @Override
  public void open(StageContext context) {
    if (producer != null) {
      throw new IllegalStateException("Kafka dead-letter sink for " + settings
          + " is already open: one instance serves one run at a time");
    }
    producer = new KafkaProducer<>(
        settings.producerConfig(context.pipelineName() + "-" + context.stageName()),
        new ByteArraySerializer(), new ByteArraySerializer());
    LOG.info("pipeline '{}' dead-letters to {}", context.pipelineName(), settings);
  }

  /**
   * Writes the dead letter to the topic and waits for the broker's acknowledgement.
   *
   * @param letter the dead letter
   * @throws Exception what the serialisers threw, or why the broker refused the record
   */
  @Override
  public void write(DeadLetter letter) throws Exception {
    if (producer == null) {
      throw new IllegalStateException("Kafka dead-letter sink for " + settings + " is not open");
    }
    try {
      producer.send(records.toProducerRecord(letter)).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      Producer<byte[], byte[]> closing = producer;
      producer = null;
      Uninterruptibly.close(() -> closing.close(Duration.ofSeconds(10)),
          () -> closing.close(Duration.ZERO));
    }
  }

  @Override
  public String toString() {
    return "KafkaDeadLetterSink(" + settings + ")";
  }
}
