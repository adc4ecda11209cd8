package io.sluice.examples.fraud;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineClock;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.connectors.csv.Csv;
import io.sluice.examples.console.Console;
import io.sluice.examples.console.Options;
import io.sluice.examples.console.Pacer;
import io.sluice.examples.console.Progress;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The {@code stream} job: a live feed of card transactions pushed into a running pipeline at a
 * set rate, checked one by one against fraud rules; alerts print as they happen, and the end shows
 * the latency of every transaction, from the push to the end of the pipeline.
 */
public final class StreamJob {
  /** The option names the job accepts. */
  public static final Set<String> OPTIONS = Set.of("rate", "rows", "seed", "alerts-csv");

  /**
   * The job's settings.
   *
   * @param rate transactions pushed per second; 0 pushes as fast as the pipeline takes them
   * @param rows how many transactions to push
   * @param seed the feed's seed
   * @param alertsCsv a CSV file to write the alerts to as well, or {@code null}
   * @param printAlerts whether to print each alert as it happens
   * @param progress whether to show the progress line
   */
  public record Settings(long rate, long rows, long seed, Path alertsCsv, boolean printAlerts,
      boolean progress) {
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
          options.text("alerts-csv").map(Path::of).orElse(null), true, true);
    }
  }

  /**
   * What a run did.
   *
   * @param report the pipeline's report
   * @param alerts the alerts raised, in order
   * @param planted the frauds the generator planted, in order
   * @param latencyNanos per-transaction latency, push to the end of the pipeline
   */
  public record Result(PipelineReport report, List<Alert> alerts, List<Fraud> planted,
      Histogram latencyNanos) {}

  private StreamJob() {}

  /**
   * Runs the job.
   *
   * @param settings the settings
   * @param console where to print
   * @return what the run did
   * @throws Exception if the run fails
   */
  public static Result run(Settings settings, Console console) throws Exception {
    TransactionGenerator feed = new TransactionGenerator(settings.seed());
    AlertSink alerts = new AlertSink(console, settings.printAlerts(),
        settings.alertsCsv() == null ? null : Csv.file(settings.alertsCsv(),
            List.of("transaction", "time", "card", "rule", "detail"),
            (Alert a) -> List.of(Long.toString(a.transaction().id()),
                Long.toString(a.transaction().eventMillis()), a.transaction().card(),
                a.rule().name(), a.detail())));
    Pipeline<CardTransaction> pipeline = Pipeline.named("fraud")
        .live("transactions", CardTransaction.class)
        .stage("rules", FraudRules::new)                    // per record: each as it comes
        .to("alerts", alerts, Dispatch.perRecord());
    PipelineClock clock = pipeline.clock();

    console.printf("Sluice stream job: %,d card transactions %s (seed %d), checked one by one "
        + "for fraud.", settings.rows(), settings.rate() == 0 ? "as fast as possible"
        : String.format("at %,d/s", settings.rate()), settings.seed());
    console.println();
    console.println(pipeline.describe());

    PipelineReport report;
    long start = System.nanoTime();
    Progress progress = Progress.start(console, "transactions", alerts::processed,
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
    Result result = new Result(report, List.copyOf(alerts.alerts()), feed.planted(),
        alerts.latencyNanos());
    printSummary(console, settings, result, seconds);
    return result;
  }

  private static void printSummary(Console console, Settings settings, Result result,
      double seconds) {
    console.println();
    console.printf("Transactions: %,d in %.1f s (%,.0f/s)", settings.rows(), seconds,
        settings.rows() / seconds);
    Map<Rule, Integer> byRule = new EnumMap<>(Rule.class);
    result.alerts().forEach(a -> byRule.merge(a.rule(), 1, Integer::sum));
    console.printf("Alerts: %,d %s", result.alerts().size(), byRule);
    Set<Fraud> found = new HashSet<>();
    result.alerts().forEach(a -> found.add(a.fraud()));
    long caught = result.planted().stream().filter(found::contains).count();
    console.printf("Planted frauds: %,d; caught %,d, missed %,d; false alerts %,d",
        result.planted().size(), caught, result.planted().size() - caught,
        result.alerts().size() - caught);
    Histogram latency = result.latencyNanos();
    console.printf("Latency per transaction (push -> end of pipeline): p50 %.3f ms, p99 %.3f ms,"
        + " p99.9 %.3f ms, max %.3f ms", ms(latency.getValueAtPercentile(50)),
        ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
        ms(latency.getMaxValue()));
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
