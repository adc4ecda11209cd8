package io.sluice.benchmarks.kafka;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.benchmarks.RecordCounter;
import io.sluice.benchmarks.SelfChecked;
import io.sluice.kafka.KafkaRecord;
import io.sluice.kafka.KafkaSink;
import io.sluice.kafka.KafkaSource;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kafka consumed, processed and produced on loopback: a Sluice pipeline ({@link KafkaSource} →
 * a map doing {@link KafkaWork} → {@link KafkaSink} under {@code batched(500, 20ms)}) against
 * the plain consumer/producer loop a user would write ({@link PlainKafkaLoop}), in the same run,
 * each with and without committing offsets as it goes. One broker ({@link EmbeddedKafkaBroker},
 * in this JVM, so it shares the cores) per trial, its input topic (3 partitions) filled once
 * with {@code records} messages; one operation reads the whole topic as a fresh consumer group,
 * from client creation and group join to the last acknowledged send, and checks the count and
 * sum. The {@code :records} metric is the figure: messages consumed, processed and produced per
 * second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class KafkaThroughputBenchmark implements SelfChecked {
  private static final String IN = "numbers";
  private static final String OUT = "results";
  private static final long RUN_TIMEOUT_MS = 120_000;

  /** Messages in the input topic: what one operation consumes, processes and produces. */
  @Param("200000")
  public int records;

  private EmbeddedKafkaBroker broker;
  private int runs;

  /** Starts the broker and fills the input topic once per trial. */
  @Setup(Level.Trial)
  public void startBrokerAndFillTopic() throws Exception {
    broker = new EmbeddedKafkaBroker().start();
    broker.createTopic(IN, 3);
    broker.createTopic(OUT, 3);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.LINGER_MS_CONFIG, 20),
        new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(records);
      for (int i = 0; i < records; i++) {
        String text = Integer.toString(i);
        sent.add(producer.send(new ProducerRecord<>(IN, text, text)));
      }
      for (Future<RecordMetadata> result : sent) {
        result.get();
      }
    }
  }

  /** Stops the broker, deleting its data. */
  @TearDown(Level.Trial)
  public void stopBroker() throws Exception {
    broker.close();
  }

  /** Sluice, nothing committed (the source commits at checkpoints only). */
  @Benchmark
  public long sluice(RecordCounter counter) throws Exception {
    return done(sluiceRun(null), counter);
  }

  /** Sluice with a checkpoint every 100 ms: the sink flushes and the offsets are committed. */
  @Benchmark
  public long sluiceCheckpointEvery100ms(RecordCounter counter) throws Exception {
    return done(sluiceRun(Duration.ofMillis(100)), counter);
  }

  /** The plain loop, nothing committed. */
  @Benchmark
  public long plainLoop(RecordCounter counter) {
    return done(PlainKafkaLoop.run(broker.bootstrapServers(), group("plain"), IN, OUT, records,
        false), counter);
  }

  /** The plain loop flushing and committing synchronously after each poll. */
  @Benchmark
  public long plainLoopCommitEachPoll(RecordCounter counter) {
    return done(PlainKafkaLoop.run(broker.bootstrapServers(), group("plain-commit"), IN, OUT,
        records, true), counter);
  }

  private long sluiceRun(Duration checkpointEvery) throws Exception {
    String servers = broker.bootstrapServers();
    String group = group("sluice");
    CountingSink sink = new CountingSink(KafkaSink.builder(servers, OUT, new StringSerializer(),
        KafkaWork.Out::key, new StringSerializer(), KafkaWork.Out::text).build(), records);
    Pipeline<KafkaRecord<String, String>> pipeline = Pipeline.named(group)
        .from("consume", () -> KafkaSource.builder(servers, group, new StringDeserializer(),
            new StringDeserializer()).topics(IN).build())
        .map("work", (KafkaRecord<String, String> m) -> KafkaWork.apply(m.key(), m.value()))
        .to("produce", sink, Dispatch.batched(500, Duration.ofMillis(20)));
    if (checkpointEvery != null) {
      pipeline = pipeline.withCheckpoints(CheckpointStore.inMemory(), checkpointEvery);
    }
    RunningPipeline<KafkaRecord<String, String>> run = pipeline.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_TIMEOUT_MS);
    while (!sink.awaitAll(50)) {
      if (run.isDone()) {
        run.awaitCompletion(); // throws the failure that ended it
        throw new IllegalStateException("the run ended after " + records + " records? "
            + run.report());
      }
      if (System.nanoTime() > deadline) {
        run.cancel();
        throw new TimeoutException("Sluice wrote " + records + " records not within "
            + RUN_TIMEOUT_MS + " ms");
      }
    }
    PipelineReport report = run.close(Duration.ofSeconds(30));
    if (sink.count() != records) {
      throw new IllegalStateException("Sluice wrote " + sink.count() + " of " + records
          + ": " + report);
    }
    return sink.sum();
  }

  private String group(String system) {
    return system + "-" + runs++;
  }

  private long done(long sum, RecordCounter counter) {
    if (sum != expectedResult()) {
      throw new IllegalStateException("sum " + sum + ", expected " + expectedResult());
    }
    counter.add(records);
    return sum;
  }

  @Override
  public long recordsPerRun() {
    return records;
  }

  @Override
  public long expectedResult() {
    return KafkaWork.expectedSum(records);
  }
}
