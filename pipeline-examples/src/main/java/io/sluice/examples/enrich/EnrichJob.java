package io.sluice.examples.enrich;

import io.sluice.api.Async;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.examples.console.Console;
import io.sluice.examples.console.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

/**
 * The {@code enrich} job: payments enriched with an FX rate from a slow service (a lookup takes
 * {@code --latency-ms}), three ways on the same input: serially, on {@code parallel(n)} ordered
 * workers, and as an async stage with {@code n} ordered calls in flight. Prints each variant's
 * time and rate beside the serial one, and checks that all three give the same payments in the
 * same order.
 */
public final class EnrichJob {
  /** The option names the job accepts. */
  public static final Set<String> OPTIONS = Set.of("rows", "latency-ms", "concurrency");

  /**
   * The job's settings.
   *
   * @param rows payments to enrich
   * @param latency the rate service's round trip
   * @param concurrency workers of the parallel variant, calls in flight of the async one
   */
  public record Settings(long rows, Duration latency, int concurrency) {
    /**
     * Reads the settings from the command line.
     *
     * @param options the job's options
     * @return the settings
     * @throws IllegalArgumentException if an option is invalid
     */
    public static Settings from(Options options) {
      return new Settings(options.number("rows", 2_000, 1),
          Duration.ofMillis(options.number("latency-ms", 2, 0)),
          options.intNumber("concurrency", 16, 1));
    }
  }

  /**
   * One variant's run.
   *
   * @param variant how the enrich stage ran
   * @param elapsed how long the run took
   * @param output the enriched payments, in the order the sink got them
   * @param report the run's report
   */
  public record Row(String variant, Duration elapsed, List<Payment> output,
      PipelineReport report) {
    /**
     * Returns the payments enriched per second.
     *
     * @return the rate
     */
    public double perSecond() {
      return output.size() / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  private EnrichJob() {}

  /**
   * Runs the three variants and prints the comparison.
   *
   * @param settings the settings
   * @param console where to print
   * @return the three rows: serial, parallel, async
   * @throws InterruptedException if interrupted while a variant runs
   */
  public static List<Row> run(Settings settings, Console console) throws InterruptedException {
    List<Payment> input = LongStream.range(0, settings.rows()).mapToObj(Payment::generated)
        .toList();
    int n = settings.concurrency();
    List<Row> rows = new ArrayList<>();
    try (RateService rates = new RateService(settings.latency())) {
      rows.add(run("serial (perRecord)", input, chain -> chain
          .map("enrich", (Payment p) -> p.inEur(rates.rate(p.currency())))));
      rows.add(run("parallel(" + n + ") ordered", input, chain -> chain
          .map("enrich", (Payment p) -> p.inEur(rates.rate(p.currency())))
          .parallel(Parallelism.ordered(n))));
      rows.add(run("async ordered(" + n + ")", input, chain -> chain
          .mapAsync("enrich", (Payment p) -> rates.rateAsync(p.currency()).thenApply(p::inEur),
              Async.ordered(n))));
    }
    print(settings, rows, console);
    return rows;
  }

  private static Row run(String variant, List<Payment> input,
      UnaryOperator<PipelineBuilder<Payment, Payment>> enrich) throws InterruptedException {
    List<Payment> saved = new CopyOnWriteArrayList<>();
    Pipeline<Payment> job = enrich.apply(Pipeline.named("enrich")
            .from("read", Source.fromIterable(input)))
        .to("save", saved::add);
    long start = System.nanoTime();
    PipelineReport report = job.run();
    return new Row(variant, Duration.ofNanos(System.nanoTime() - start), List.copyOf(saved),
        report);
  }

  private static void print(Settings settings, List<Row> rows, Console console) {
    console.printf("Enriching %,d payments, each lookup a %d ms round trip to the rate service",
        settings.rows(), settings.latency().toMillis());
    console.printf("%-26s %10s %14s %9s", "enrich stage", "time", "payments/s", "speed-up");
    double serial = rows.get(0).perSecond();
    for (Row row : rows) {
      console.printf("%-26s %8.2f s %14s %8.1fx", row.variant(), row.elapsed().toNanos() / 1e9,
          String.format("%,.0f", row.perSecond()), row.perSecond() / serial);
    }
    boolean same = rows.stream().allMatch(row -> row.output().equals(rows.get(0).output()));
    console.println(same ? "All three gave the same payments in the same order."
        : "The variants gave different payments: a bug, please report it.");
  }
}
