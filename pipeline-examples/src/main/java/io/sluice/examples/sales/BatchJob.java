package io.sluice.examples.sales;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.connectors.csv.CsvRow;
import io.sluice.connectors.jdbc.JdbcSink;
import io.sluice.examples.console.Console;
import io.sluice.examples.console.Options;
import io.sluice.examples.console.Progress;
import io.sluice.examples.sales.SalesDatabase.CategoryTotal;
import io.sluice.examples.sales.SalesDatabase.DayTotal;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code batch} job, the main example: a dirty sales CSV is read, validated, cleaned,
 * de-duplicated and priced record by record, then saved to an embedded H2 database in batches;
 * the daily sales report is read back from the database, with an account of every row. Dirty
 * lines are routed by {@code validate} and {@code dedupe} to table {@code REJECTED_ROWS} (a side
 * output); rows a stage fails on are the dead letters of its error policy (see
 * {@link SalesPipeline} for why the two differ).
 */
public final class BatchJob {
  /** The option names the job accepts. */
  public static final Set<String> OPTIONS = Set.of("batch-size", "rows", "seed", "db-file",
      "runner", "checkpoint");
  /** The rejected rows the summary shows in full. */
  static final int REJECTED_SHOWN = 20;
  /** The stages that route rows to the {@link RejectedRow#REJECTS} side output. */
  private static final List<String> REJECTING_STAGES = List.of("validate", "dedupe");

  /**
   * From this many data lines on, a batch size below {@link #SUGGESTED_BATCH_SIZE} gets a tip:
   * the default of 3 shows batching on the small bundled file, but on a million rows it makes
   * some 600,000 database calls and the run takes tens of seconds instead of a few.
   */
  static final long MANY_ROWS = 100_000;
  /** The batch size the tip suggests: about where a bigger batch stops paying off in H2. */
  static final int SUGGESTED_BATCH_SIZE = 500;

  /**
   * The job's settings.
   *
   * @param batchSize how many sales one database round trip saves
   * @param rows how many data lines to generate, or 0 to read the bundled file
   * @param seed the seed of the generated data
   * @param dbFile where to keep the database, or {@code null} for an in-memory one
   * @param progress whether to show the progress line on long runs
   * @param runner where the pipeline runs
   * @param checkpointDir where a restartable run keeps its checkpoint, its input and (unless
   *     {@code dbFile} says otherwise) its database, or {@code null} for a run that starts over
   */
  public record Settings(int batchSize, long rows, long seed, Path dbFile, boolean progress,
      JobRunner runner, Path checkpointDir) {
    /**
     * Settings for the local runner, without checkpoints.
     *
     * @param batchSize how many sales one database round trip saves
     * @param rows how many data lines to generate, or 0 to read the bundled file
     * @param seed the seed of the generated data
     * @param dbFile where to keep the database, or {@code null} for an in-memory one
     * @param progress whether to show the progress line on long runs
     */
    public Settings(int batchSize, long rows, long seed, Path dbFile, boolean progress) {
      this(batchSize, rows, seed, dbFile, progress, JobRunner.LOCAL, null);
    }

    /**
     * Settings for a run on {@code runner}, without checkpoints.
     *
     * @param batchSize how many sales one database round trip saves
     * @param rows how many data lines to generate, or 0 to read the bundled file
     * @param seed the seed of the generated data
     * @param dbFile where to keep the database, or {@code null} for an in-memory one
     * @param progress whether to show the progress line on long runs
     * @param runner where the pipeline runs
     */
    public Settings(int batchSize, long rows, long seed, Path dbFile, boolean progress,
        JobRunner runner) {
      this(batchSize, rows, seed, dbFile, progress, runner, null);
    }

    /**
     * Reads the settings from the command line.
     *
     * @param options the job's options
     * @return the settings
     * @throws IllegalArgumentException if an option is invalid
     */
    public static Settings from(Options options) {
      return new Settings(options.intNumber("batch-size", 3, 1), options.number("rows", 0, 0),
          options.number("seed", 7, Long.MIN_VALUE), options.text("db-file").map(Path::of)
          .orElse(null), true, options.text("runner").map(JobRunner::named)
          .orElse(JobRunner.LOCAL), options.text("checkpoint").map(Path::of).orElse(null));
    }
  }

  /**
   * What a run did.
   *
   * @param report the pipeline's report
   * @param saved the rows in table {@code SALES} after the run
   * @param rejected the rows in table {@code REJECTED_ROWS} after the run
   * @param rejectedByReason those rows by reason, read back from the table, most frequent first
   * @param deadLetters the rows a stage failed on, by reason
   * @param daily the daily report read back from the database
   * @param saveCalls database calls made by the save stage (executes, commits and rollbacks)
   */
  public record Result(PipelineReport report, long saved, long rejected,
      Map<String, Long> rejectedByReason, DeadLetters deadLetters, List<DayTotal> daily,
      long saveCalls) {}

  private BatchJob() {}

  /**
   * Runs the job with its own database (in memory unless {@code --db-file} is given).
   *
   * @param settings the settings
   * @param console where to print
   * @return what the run did
   * @throws Exception if the run or the database fails
   */
  public static Result run(Settings settings, Console console) throws Exception {
    if (settings.checkpointDir() != null && settings.runner() != JobRunner.LOCAL) {
      throw new IllegalArgumentException("--checkpoint restarts a run of the local runner; on "
          + "--runner " + settings.runner().name().toLowerCase(java.util.Locale.ROOT)
          + " use Flink's own checkpoints");
    }
    if (settings.checkpointDir() != null) {
      return RestartableBatch.run(settings, console);
    }
    try (SalesDatabase db = settings.dbFile() == null
        ? SalesDatabase.inMemory() : SalesDatabase.file(settings.dbFile())) {
      return run(settings, console, db);
    }
  }

  /**
   * Runs the job, saving to the given database.
   *
   * @param settings the settings
   * @param console where to print
   * @param db the database; its tables are expected empty
   * @return what the run did
   * @throws Exception if the run or the database fails
   */
  public static Result run(Settings settings, Console console, SalesDatabase db) throws Exception {
    try (SalesInput input = settings.rows() == 0
        ? SalesInput.bundled() : SalesInput.generated(settings.rows(), settings.seed())) {
      return run(settings, console, db, input, null);
    }
  }

  /** Runs the job on {@code input}; with {@code restart}, idempotently and with checkpoints. */
  static Result run(Settings settings, Console console, SalesDatabase db, SalesInput input,
      RestartableBatch.Restart restart) throws Exception {
    String source = input.source().name();
    DeadLetters deadLetters = new DeadLetters(source);
    JdbcSink<PricedSale> sink = restart == null ? db.sink() : db.upsertSink();
    Dispatch saveDispatch = Dispatch.batched(settings.batchSize());
    Pipeline<CsvRow> job = restart == null
        ? SalesPipeline.build(input.source(), db, deadLetters, sink, saveDispatch)
        : restart.checkpointed(SalesPipeline.build(input.source(), deadLetters, sink,
            saveDispatch, restart::dedupe, db::rejectsUpsertSink));

    console.println("Sluice batch job: " + input.describe() + " -> H2 " + db.url());
    console.println();
    console.println(job.describe());
    batchSizeTip(settings).ifPresent(tip -> {
      console.println(tip);
      console.println();
    });

    Progress progress = Progress.start(console, "rows read", input.source()::rowsRead,
        input.lines(), settings.progress());
    PipelineReport report;
    try {
      report = settings.runner().run(job);
    } finally {
      progress.close();
    }
    Result result = new Result(report, db.count(), db.rejectedCount(), db.rejectedByReason(),
        deadLetters, db.daily(), sink.roundTrips());
    printDaily(console, result.daily());
    printCategories(console, db.byCategory());
    printAccount(console, result);
    printPorts(console, report);
    printRejected(console, source, db.rejectedRows(REJECTED_SHOWN));
    printPolicies(console, job, report);
    printDeadLetters(console, deadLetters);
    printBatches(console, result, saveDispatch);
    report.checkpoints().ifPresent(checkpoints -> RestartableBatch.print(console, checkpoints));
    console.println("Run report:");
    console.println(report.toString());
    console.println("Next: --batch-size 100, --rows 1000000, or the 'stream' and 'compare' "
        + "jobs.");
    return result;
  }

  /**
   * Returns the tip printed before a run of many rows at a small batch size: how many database
   * round trips it is about to make, and how many the suggested batch size would make.
   *
   * @param settings the run's settings
   * @return the tip, or empty when the batch size suits the number of rows
   */
  static Optional<String> batchSizeTip(Settings settings) {
    if (settings.rows() < MANY_ROWS || settings.batchSize() >= SUGGESTED_BATCH_SIZE) {
      return Optional.empty();
    }
    return Optional.of(String.format("tip: --batch-size %d saves these %,d rows in up to %,d "
        + "batches (an executeBatch and a commit each); --batch-size %d needs %,d and runs far "
        + "faster ('compare' measures it)", settings.batchSize(), settings.rows(),
        batches(settings.rows(), settings.batchSize()), SUGGESTED_BATCH_SIZE,
        batches(settings.rows(), SUGGESTED_BATCH_SIZE)));
  }

  private static long batches(long rows, int batchSize) {
    return (rows + batchSize - 1) / batchSize;
  }

  private static void printDaily(Console console, List<DayTotal> days) {
    console.println("Daily sales, read back from table SALES:");
    console.printf("  %-10s  %9s  %9s  %16s", "date", "orders", "units", "revenue EUR");
    long orders = 0;
    long units = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    for (DayTotal day : days) {
      console.printf("  %-10s  %,9d  %,9d  %,16.2f", day.date(), day.orders(), day.units(),
          day.revenueEur());
      orders += day.orders();
      units += day.units();
      revenue = revenue.add(day.revenueEur());
    }
    console.printf("  %-10s  %,9d  %,9d  %,16.2f", "total", orders, units, revenue);
    console.println();
  }

  private static void printCategories(Console console, List<CategoryTotal> categories) {
    console.println("By category:");
    for (CategoryTotal category : categories) {
      console.printf("  %-12s  %,9d orders  %,16.2f EUR", category.category(),
          category.orders(), category.revenueEur());
    }
    console.println();
  }

  private static void printAccount(Console console, Result result) {
    PipelineReport report = result.report();
    // a resumed run read the rows after its checkpoint; the ones before were done earlier
    long read = report.stage("read").emitted() + report.checkpoints()
        .flatMap(c -> c.resumedFrom()).map(c -> c.recordsBefore()).orElse(0L);
    long deadLettered = result.deadLetters().total();
    console.println("Rows:");
    console.printf("  read           %,9d   (every line after the header, blank ones too)", read);
    console.printf("  saved          %,9d   (rows in table SALES)", result.saved());
    console.printf("  rejected       %,9d   (rows in table REJECTED_ROWS, by reason:)",
        result.rejected());
    for (Map.Entry<String, Long> reason : result.rejectedByReason().entrySet()) {
      console.printf("    %-24s %,12d", reason.getKey(), reason.getValue());
    }
    console.printf("  dead-lettered  %,9d   (rows a stage failed on%s)", deadLettered,
        deadLettered == 0 ? "" : ", by reason:");
    for (Map.Entry<String, Long> reason : result.deadLetters().byReason().entrySet()) {
      console.printf("    %-24s %,12d", reason.getKey(), reason.getValue());
    }
    long accounted = result.saved() + result.rejected() + deadLettered;
    console.printf("  %s: %,d read %s %,d saved + %,d rejected + %,d dead-lettered",
        read == accounted ? "every row accounted for" : "ROWS UNACCOUNTED FOR", read,
        read == accounted ? "=" : "!=", result.saved(), result.rejected(), deadLettered);
    long routed = REJECTING_STAGES.stream()
        .mapToLong(stage -> report.stage(stage).emittedByPort()
            .getOrDefault(RejectedRow.REJECTS.name(), 0L)).sum();
    boolean resumed = report.checkpoints().flatMap(c -> c.resumedFrom()).isPresent();
    if (routed != result.rejected() && !resumed) { // a resumed run's table has earlier rows
      console.printf("  TABLE AND REPORT DISAGREE: %,d rows in REJECTED_ROWS, but the report "
          + "counts %,d records emitted to '%s'", result.rejected(), routed,
          RejectedRow.REJECTS.name());
    }
    long parked = report.stages().stream().mapToLong(s -> s.deadLettered() + s.skipped()).sum();
    if (parked != deadLettered) {
      console.printf("  DEAD LETTERS AND REPORT DISAGREE: %,d dead letters, but the report "
          + "counts %,d records dead-lettered or skipped", deadLettered, parked);
    }
    console.println();
  }

  private static void printPorts(Console console, PipelineReport report) {
    console.println("Where the stages sent their records (the run report's counts per output):");
    for (String stage : REJECTING_STAGES) {
      console.printf("  %-9s %s", stage, report.stage(stage).emittedByPort().entrySet().stream()
          .map(port -> String.format("%s %,d", port.getKey(), port.getValue()))
          .collect(Collectors.joining(", ")));
    }
    console.println();
  }

  private static void printRejected(Console console, String source, List<RejectedRow> first) {
    if (first.isEmpty()) {
      return;
    }
    console.println(first.size() < REJECTED_SHOWN
        ? "Rejected lines, read back from table REJECTED_ROWS:"
        : "First rejected lines, read back from table REJECTED_ROWS:");
    first.forEach(r -> console.printf("  %-9s %s", r.stage(), r.describe(source)));
    console.println();
  }

  private static void printPolicies(Console console, Pipeline<CsvRow> job,
      PipelineReport report) {
    List<StageDefinition> guarded = job.stages().stream()
        .filter(stage -> !stage.kind().isInput() && !stage.errorPolicy().isFailFast()).toList();
    int width = guarded.stream().mapToInt(s -> s.errorPolicy().toString().length()).max()
        .orElse(0);
    console.println("Error policies, with the run report's counts:");
    console.printf("  %-9s %-" + width + "s  %7s  %13s  %7s", "stage", "on error", "skipped",
        "dead-lettered", "retried");
    for (StageDefinition stage : guarded) {
      StageReport counts = report.stage(stage.name());
      console.printf("  %-9s %-" + width + "s  %,7d  %,13d  %,7d", stage.name(),
          stage.errorPolicy(), counts.skipped(), counts.deadLettered(), counts.retried());
    }
    console.println();
  }

  private static void printDeadLetters(Console console, DeadLetters deadLetters) {
    List<DeadLetters.FailedRow> first = deadLetters.first();
    if (first.isEmpty()) {
      return;
    }
    console.println(deadLetters.total() <= first.size()
        ? "Dead letters:" : "First dead letters:");
    first.forEach(r -> console.printf("  %-9s %s", r.stage(), r.detail()));
    console.println();
  }

  private static void printBatches(Console console, Result result, Dispatch saveDispatch) {
    StageReport save = result.report().stage("save");
    console.printf("Batches saved by 'save' (%s): %,d = %s; %,d database calls (executeBatch + "
        + "commit%s)", saveDispatch, save.totalBatches(), save.batchesByReason().entrySet()
        .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" + ")),
        result.saveCalls(), save.retried() + save.deadLettered() > 0 ? " + rollback" : "");
    console.println();
  }
}
