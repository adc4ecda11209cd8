package io.sluice.examples.kafka;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.examples.console.Console;
import io.sluice.examples.console.Options;
import io.sluice.examples.sales.PricedSale;
import io.sluice.examples.sales.Sale;
import io.sluice.examples.sales.SaleLine;
import io.sluice.kafka.DeadLetterHeaders;
import io.sluice.kafka.KafkaRecord;
import io.sluice.kafka.KafkaSink;
import io.sluice.kafka.KafkaSource;
import io.sluice.kafka.testkit.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code kafka} job: starts a Kafka broker inside this JVM, writes the lines of the bundled
 * sales CSV to topic {@value #SALES} as messages, and runs a Sluice pipeline that consumes them
 * as consumer group {@value #GROUP}, parses, cleans and prices each sale and produces it to
 * {@value #PRICED} in batches; a line that is not a valid sale goes to the dead-letter topic
 * {@value #DEAD_LETTERS} with headers saying why. Offsets are committed at checkpoints only, so
 * the job waits until the group committed every message, drains the pipeline, reads both topics
 * back, prints them with the run's report, and stops the broker.
 */
public final class KafkaJob {
  /** The option names the job accepts. */
  public static final Set<String> OPTIONS = Set.of("batch-size", "copies");
  static final String SALES = "sales";
  static final String PRICED = "sales-eur";
  static final String DEAD_LETTERS = "sales.DLT";
  static final String GROUP = "sales-to-eur";
  private static final Duration WITHIN = Duration.ofSeconds(60);

  /**
   * The job's settings.
   *
   * @param batchSize priced sales per produce batch
   * @param copies how many times the bundled file is sent
   */
  public record Settings(int batchSize, int copies) {
    /**
     * Reads the settings from the command line.
     *
     * @param options the job's options
     * @return the settings
     * @throws IllegalArgumentException if an option is invalid
     */
    public static Settings from(Options options) {
      return new Settings(options.intNumber("batch-size", 10, 1),
          options.intNumber("copies", 1, 1));
    }
  }

  /**
   * What the run did.
   *
   * @param report the pipeline's report
   * @param produced the messages written to {@value #SALES}
   * @param priced the messages {@value #PRICED} holds afterwards
   * @param deadLetters the messages {@value #DEAD_LETTERS} holds afterwards
   * @param committed the offsets the group committed, summed over the partitions
   */
  public record Result(PipelineReport report, long produced,
      List<ConsumerRecord<String, String>> priced,
      List<ConsumerRecord<String, String>> deadLetters, long committed) {}

  private KafkaJob() {}

  /**
   * Runs the job against a broker it starts and stops.
   *
   * @param settings the settings
   * @param console where to print
   * @return what the run did
   * @throws Exception if the broker cannot start or the run fails
   */
  public static Result run(Settings settings, Console console) throws Exception {
    try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker().start();
        DemoTopics topics = new DemoTopics(kafka.bootstrapServers())) {
      console.println("Started a Kafka broker inside this JVM at " + kafka.bootstrapServers());
      kafka.createTopic(SALES, 3);
      kafka.createTopic(PRICED, 3);
      kafka.createTopic(DEAD_LETTERS, 1);
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < settings.copies(); i++) {
        lines.addAll(bundledLines());
      }
      topics.produceLines(SALES, lines);
      console.printf("Wrote %,d lines of sales.csv to topic '%s' (3 partitions), keyed by order",
          lines.size(), SALES);

      Pipeline<KafkaRecord<String, String>> job = pipeline(kafka.bootstrapServers(), settings);
      console.println(job.describe());
      RunningPipeline<KafkaRecord<String, String>> run = job.start();
      topics.awaitCommitted(GROUP, lines.size(), WITHIN);
      PipelineReport report = run.close(WITHIN);

      Result result = new Result(report, lines.size(), topics.readAll(PRICED),
          topics.readAll(DEAD_LETTERS), topics.committed(GROUP));
      print(result, console);
      return result;
    } finally {
      console.println("Stopped the broker; its data directory is deleted.");
    }
  }

  /**
   * The pipeline: consume, parse (dead-lettering bad lines to Kafka), clean, price, produce in
   * batches, with a checkpoint every 200 ms that commits the consumed offsets.
   */
  static Pipeline<KafkaRecord<String, String>> pipeline(String servers, Settings settings) {
    return Pipeline.named("kafka-sales")
        .from("consume", () -> KafkaSource.builder(servers, GROUP, new StringDeserializer(),
            new StringDeserializer()).topics(SALES).build())
        .map("parse", (KafkaRecord<String, String> message) ->
            SaleLine.parse(lineOf(message), message.value(), System.nanoTime()))
        .withErrorPolicy(ErrorPolicy.deadLetter(DEAD_LETTERS,
            KafkaSink.deadLetterTopic(servers, DEAD_LETTERS)
                .kafkaRecordSerializers(new StringSerializer(), new StringSerializer()).build()))
        .map("clean", Sale::clean)
        .map("price", PricedSale::of)
        .to("produce", () -> KafkaSink.builder(servers, PRICED, new StringSerializer(),
                (PricedSale p) -> p.sale().orderId(), new StringSerializer(), PricedSaleText::csv)
                .property(ProducerConfig.LINGER_MS_CONFIG, 5).build(),
            Dispatch.batched(settings.batchSize(), Duration.ofMillis(20)))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMillis(200));
  }

  private static long lineOf(KafkaRecord<String, String> message) {
    byte[] line = message.lastHeader(DemoTopics.LINE);
    return line == null ? -1 : Long.parseLong(new String(line, StandardCharsets.UTF_8));
  }

  static List<String> bundledLines() throws IOException {
    try (InputStream in = KafkaJob.class.getResourceAsStream("/io/sluice/examples/sales/sales.csv")) {
      if (in == null) {
        throw new IOException("the bundled sales.csv is missing from the classpath");
      }
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return lines.subList(1, lines.size()); // without the header
    }
  }

  private static void print(Result result, Console console) {
    console.println();
    console.printf("Topic '%s' holds %,d priced sales, e.g.:", PRICED, result.priced().size());
    console.println("  " + PricedSaleText.HEADER);
    result.priced().stream().limit(3).forEach(r -> console.println("  " + r.value()));
    console.printf("Topic '%s' holds %,d dead letters:", DEAD_LETTERS,
        result.deadLetters().size());
    for (ConsumerRecord<String, String> letter : result.deadLetters()) {
      console.printf("  %s-%s@%s: %s", header(letter, DeadLetterHeaders.ORIGINAL_TOPIC),
          header(letter, DeadLetterHeaders.ORIGINAL_PARTITION),
          header(letter, DeadLetterHeaders.ORIGINAL_OFFSET),
          header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE));
    }
    console.printf("Group '%s' committed %,d of %,d offsets (at checkpoints only).", GROUP,
        result.committed(), result.produced());
    console.println("Run report:");
    console.println(result.report().toString());
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? "-"
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
