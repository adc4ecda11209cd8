package io.sluice.examples.fraud;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineClock;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageReport;
import io.sluice.connectors.csv.Csv;
import io.sluice.connectors.jdbc.JdbcSink;
import io.sluice.examples.console.Console;
import io.sluice.examples.console.Options;
import io.sluice.examples.console.Pacer;
import io.sluice.examples.console.Progress;
import io.sluice.examples.latency.TimedSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The {@code stream} job: a live feed of card transactions pushed into a running pipeline at a
 * set rate and checked one by one against fraud rules. The rules stage has two outputs with two
 * dispatches: every transaction goes to a database table in batches (volume), and each alert, on a
 * side output, to a notifier the moment it is raised (latency). The end shows both latencies and
 * the alerts checked against the frauds the feed planted.
 */
public final class StreamJob {
  /** The option names the job accepts. */
  public static final Set<String> OPTIONS =
      Set.of("rate", "rows", "seed", "batch-size", "max-wait-ms", "alerts-csv");

  /**
   * The job's settings.
   *
   * @param rate transactions pushed per second; 0 pushes as fast as the pipeline takes them
   * @param rows how many transactions to push
   * @param seed the feed's seed
   * @param storeDispatch how the transactions are handed to the store
   * @param alertsCsv a CSV file to write the alerts to as well, or {@code null}
   * @param printAlerts whether to print each alert as it happens
   * @param progress whether to show the progress line
   */
  public record Settings(long rate, long rows, long seed, Dispatch storeDispatch, Path alertsCsv,
      boolean printAlerts, boolean progress) {
    /**
     * Reads the settings from the command line.
     *
     * @param options the job's options
     * @return the settings
     * @throws IllegalArgumentException if an option is invalid
     */
    public static Settings from(Options options) {
      return new Settings(options.number("rate", 2_000, 0), options.number("rows", 10_000, 1),
          options.number("seed", 42, Long.MIN_VALUE),
          Dispatch.batched(options.intNumber("batch-size", 500, 1),
              Duration.ofMillis(options.number("max-wait-ms", 100, 1))),
          options.text("alerts-csv").map(Path::of).orElse(null), true, true);
    }
  }

  /**
   * What a run did.
   *
   * @param report the pipeline's report
   * @param stored the rows in table {@code TRANSACTIONS} after the run
   * @param storeCalls database calls made by the store stage (executes and commits)
   * @param alerts the alerts notified, in order
   * @param planted the frauds the generator planted, in order
   * @param alertLatencyNanos per-alert latency, push of the transaction to notification
   * @param storeLatencyNanos per-transaction latency, push to the commit that stored it
   */
  public record Result(PipelineReport report, long stored, long storeCalls, List<Alert> alerts,
      List<Fraud> planted, Histogram alertLatencyNanos, Histogram storeLatencyNanos) {}

  private StreamJob() {}

  /**
   * Runs the job, storing the transactions in an in-memory database of its own.
   *
   * @param settings the settings
   * @param console where to print
   * @return what the run did
   * @throws Exception if the run or the database fails
   */
  public static Result run(Settings settings, Console console) throws Exception {
    try (TransactionStore store = TransactionStore.inMemory()) {
      return run(settings, console, store);
    }
  }

  /**
   * Runs the job, storing the transactions in the given store.
   *
   * @param settings the settings
   * @param console where to print
   * @param store the store; its {@code TRANSACTIONS} table is expected empty
   * @return what the run did
   * @throws Exception if the run or the database fails
   */
  public static Result run(Settings settings, Console console, TransactionStore store)
      throws Exception {
    TransactionGenerator feed = new TransactionGenerator(settings.seed());
    Notifier notifier = new Notifier(console, settings.printAlerts(),
        settings.alertsCsv() == null ? null : Csv.file(settings.alertsCsv(),
            List.of("transaction", "time", "card", "rule", "detail"),
            (Alert a) -> List.of(Long.toString(a.transaction().id()),
                Long.toString(a.transaction().eventMillis()), a.transaction().card(),
                a.rule().name(), a.detail())));
    JdbcSink<CardTransaction> jdbc = store.sink();
    TimedSink<CardTransaction> stored = new TimedSink<>(jdbc, CardTransaction::createdNanos);
    Pipeline<CardTransaction> pipeline =
        FraudPipeline.build(notifier, stored, settings.storeDispatch());
    PipelineClock clock = pipeline.clock();

    console.printf("Sluice stream job: %,d card transactions %s (seed %d), checked one by one "
        + "for fraud; alerts notified at once, transactions stored in H2 in batches.",
        settings.rows(), settings.rate() == 0 ? "as fast as possible"
        : String.format("at %,d/s", settings.rate()), settings.seed());
    console.println();
    console.println(pipeline.describe());

    PipelineReport report;
    long start = System.nanoTime();
    Progress progress = Progress.start(console, "transactions stored", jdbc::rowsWritten,
        settings.rows(), settings.progress());
    try (RunningPipeline<CardTransaction> run = pipeline.start()) {
      Pacer pacer = new Pacer(settings.rate());
      for (long i = 0; i < settings.rows(); i++) {
        pacer.awaitTurn(i);
        run.input().push(feed.next(clock.nanoTime()));
      }
      run.input().complete();
      report = run.awaitCompletion();
    } finally {
      progress.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Result result = new Result(report, store.count(), jdbc.roundTrips(),
        List.copyOf(notifier.alerts()), feed.planted(), notifier.latencyNanos(),
        stored.latencyNanos());
    printSummary(console, settings, result, seconds);
    return result;
  }

  private static void printSummary(Console console, Settings settings, Result result,
      double seconds) {
    console.println();
    console.printf("Transactions: %,d pushed in %.1f s (%,.0f/s)", settings.rows(), seconds,
        settings.rows() / seconds);
    StageReport store = result.report().stage("store");
    console.printf("Stored: %,d (rows in table TRANSACTIONS), %s: %,d batches = %s; %,d database"
        + " calls", result.stored(), settings.storeDispatch(), store.totalBatches(),
        store.batchesByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(" + ")), result.storeCalls());
    Map<Rule, Integer> byRule = new EnumMap<>(Rule.class);
    result.alerts().forEach(a -> byRule.merge(a.rule(), 1, Integer::sum));
    console.printf("Alerts notified: %,d %s", result.alerts().size(), byRule);
    Set<Fraud> found = new HashSet<>();
    result.alerts().forEach(a -> found.add(a.fraud()));
    long caught = result.planted().stream().filter(found::contains).count();
    console.printf("Planted frauds: %,d; caught %,d, missed %,d; false alerts %,d",
        result.planted().size(), caught, result.planted().size() - caught,
        result.alerts().size() - caught);
    console.printf("Stage 'rules' emitted (the run report's counts per output): %s",
        result.report().stage("rules").emittedByPort().entrySet().stream()
            .map(port -> String.format("%s %,d", port.getKey(), port.getValue()))
            .collect(Collectors.joining(", ")));
    Histogram alerts = result.alertLatencyNanos();
    console.printf("Latency per alert (push -> notified, perRecord()): p50 %.3f ms, p99 %.3f ms,"
        + " max %.3f ms", ms(alerts.getValueAtPercentile(50)),
        ms(alerts.getValueAtPercentile(99)), ms(alerts.getMaxValue()));
    Histogram stored = result.storeLatencyNanos();
    console.printf("Latency per transaction (push -> stored, %s): p50 %.3f ms, p99 %.3f ms,"
        + " p99.9 %.3f ms, max %.3f ms", settings.storeDispatch(),
        ms(stored.getValueAtPercentile(50)), ms(stored.getValueAtPercentile(99)),
        ms(stored.getValueAtPercentile(99.9)), ms(stored.getMaxValue()));
    if (settings.alertsCsv() != null) {
      console.println("Alerts written to " + settings.alertsCsv());
    }
    console.println();
    console.println("Run report:");
    console.println(result.report().toString());
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
