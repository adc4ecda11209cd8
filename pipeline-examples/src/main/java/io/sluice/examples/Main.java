package io.sluice.examples;

import io.sluice.examples.console.Console;
import io.sluice.examples.console.Options;
import io.sluice.examples.enrich.EnrichJob;
import io.sluice.examples.fraud.StreamJob;
import io.sluice.examples.kafka.KafkaJob;
import io.sluice.examples.sales.BatchJob;
import io.sluice.examples.sales.CompareJob;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The entry point of the examples jar: {@code java -jar sluice-examples.jar [job] [options]}. */
public final class Main {
  static final String USAGE = """
      usage: java -jar sluice-examples.jar [job] [--option value ...]

      jobs:
        batch       (the default) a dirty sales CSV -> validate -> clean -> dedupe -> price
                    -> saved to H2 in batches; prints the daily report and every row's fate
                      --batch-size N   sales per database round trip (3)
                      --rows N         generate N lines instead of the bundled file
                      --seed S         seed of the generated lines (7)
                      --db-file PATH   keep the H2 database in a file (default: in memory)
                      --runner R       local (default) or flink: an embedded Flink MiniCluster
                      --checkpoint DIR restartable: a checkpoint every second in DIR (with the
                                       input and the database); after a failure or kill -9 the
                                       same command goes on, every row saved exactly once
        stream      live card transactions -> fraud rules, one record at a time; every
                    transaction -> stored to H2 in batches, each alert -> notified at once
                      --rate N         transactions per second, 0 = as fast as possible (2000)
                      --rows N         transactions (10000)
                      --seed S         seed of the feed (42)
                      --batch-size N   transactions per database round trip (500)
                      --max-wait-ms N  the longest a transaction waits for its batch (100)
                      --alerts-csv P   also write the alerts to a CSV file
        compare     the batch job with its save stage as perRecord(), batched(N) and
                    batched(N, maxWait): throughput, latency and database calls
                      --rows N (50000)  --batch-size N (100)  --max-wait-ms N (5)  --seed S (7)
        enrich      payments enriched from a slow FX-rate service, serially, on parallel(n)
                    workers and as an async stage with n calls in flight: time and rate
                      --rows N (2000)  --latency-ms N (2)  --concurrency N (16)
        kafka       starts a Kafka broker in this JVM, writes the sales CSV's lines to a topic,
                    then consume -> parse -> clean -> price -> produce in batches, bad lines
                    dead-lettered to a topic, offsets committed at checkpoints; prints both
                    topics and the report, and stops the broker
                      --batch-size N (10)  --copies N  times the file is sent (1)
        quickstart  the README's quick start
      """;

  private Main() {}

  /**
   * Runs the named job (default: {@code batch}) with its options.
   *
   * @param args the job name, then the job's options
   * @throws Exception if the job fails
   */
  public static void main(String[] args) throws Exception {
    int status = run(args, Console.system(), System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs a job; usage mistakes are reported on {@code err}, not thrown.
   *
   * @param args the job name, then the job's options
   * @param console where the job prints
   * @param err where usage mistakes are reported
   * @return 0 if the job ran, 2 for a usage mistake
   * @throws Exception if the job fails
   */
  static int run(String[] args, Console console, PrintStream err) throws Exception {
    boolean named = args.length > 0 && !args[0].startsWith("--");
    String job = named ? args[0] : "batch";
    List<String> rest = Arrays.asList(args).subList(named ? 1 : 0, args.length);
    try {
      switch (job) {
        case "batch" -> BatchJob.run(BatchJob.Settings.from(options(job, rest, BatchJob.OPTIONS)),
            console);
        case "stream" -> StreamJob.run(
            StreamJob.Settings.from(options(job, rest, StreamJob.OPTIONS)), console);
        case "compare" -> CompareJob.run(
            CompareJob.Settings.from(options(job, rest, CompareJob.OPTIONS)), console);
        case "enrich" -> EnrichJob.run(
            EnrichJob.Settings.from(options(job, rest, EnrichJob.OPTIONS)), console);
        case "kafka" -> KafkaJob.run(KafkaJob.Settings.from(options(job, rest, KafkaJob.OPTIONS)),
            console);
        case "quickstart" -> {
          options(job, rest, Set.of());
          QuickStart.run(new CopyOnWriteArrayList<>());
        }
        case "help", "-h" -> console.println(USAGE);
        default -> throw new IllegalArgumentException("unknown job '" + job + "'");
      }
    } catch (IllegalArgumentException usage) {
      err.println(usage.getMessage());
      err.println();
      err.print(USAGE);
      return 2;
    }
    return 0;
  }

  private static Options options(String job, List<String> args, Set<String> known) {
    if (args.contains("--help")) {
      throw new IllegalArgumentException("help for job '" + job + "':");
    }
    return Options.parse(job, args, known);
  }
}
