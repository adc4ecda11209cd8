package io.sluice.examples.sales;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.connectors.csv.CsvRow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The sales pipeline shared by the {@code batch} and {@code compare} jobs:
 *
 * <pre>
 * read (CSV) → validate → clean → dedupe → price → save        (JDBC: table SALES)
 *                 ↓ rejects           ↓ rejects
 *              invalid             duplicates                (JDBC: table REJECTED_ROWS)
 * </pre>
 *
 * Every stage but the sinks handles one record at a time; {@code save} gets the dispatch the job
 * chooses, which is the whole difference between streaming and batch saving.
 *
 * <p>Two kinds of bad rows, two mechanisms:
 * <ul>
 *   <li><b>Rejected</b> (expected): dirty lines (blank, unreadable numbers, missing fields,
 *       broken rules) and duplicate orders are what an export contains; turning them away is the
 *       job of {@code validate} and {@code dedupe}, so they emit them to their
 *       {@link RejectedRow#REJECTS} side output, written in batches to table
 *       {@code REJECTED_ROWS} for people to fix. (Each stage's side output gets a sink of its
 *       own: a branch ends at its own sink.)
 *   <li><b>Dead-lettered</b> (unexpected): a stage failing on a row. {@code save} retries a failed
 *       database call (a lost connection or a lock timeout may pass), then dead-letters what the
 *       database still refuses; in a batch the runtime first splits it to find the rows at fault,
 *       and the JDBC sink rolls back every failed call, so the rest of the batch is saved exactly
 *       once. A surprise in {@code validate} or {@code dedupe} (a bug) is dead-lettered too,
 *       rather than failing a long run for one row. Dead letters go to the job's
 *       {@link DeadLetters}, not to the database that may be what failed.
 * </ul>
 */
final class SalesPipeline {
  /** Three calls in all for a failing database call, 50 ms and then 100 ms apart. */
  static final ErrorPolicy SAVE_RETRIES =
      ErrorPolicy.retry(3, Duration.ofMillis(50), Duration.ofSeconds(1));
  /** Rejected rows wait for nobody: 100 per database round trip. */
  static final Dispatch REJECTS_DISPATCH = Dispatch.batched(100);

  private SalesPipeline() {}

  static Pipeline<CsvRow> build(Source<CsvRow> input, SalesDatabase db,
      Sink<? super DeadLetter> failed, Sink<? super PricedSale> save, Dispatch saveDispatch) {
    return build(input, failed, save, saveDispatch, Dedupe::new, db::rejectsSink);
  }

  /** The pipeline with the given {@code dedupe} stages and rejects sinks (one per side output). */
  static Pipeline<CsvRow> build(Source<CsvRow> input, Sink<? super DeadLetter> failed,
      Sink<? super PricedSale> save, Dispatch saveDispatch, Supplier<Dedupe> dedupe,
      Supplier<? extends Sink<? super RejectedRow>> rejects) {
    ErrorPolicy park = ErrorPolicy.deadLetter(failed);
    return Pipeline.named("sales")
        .from("read", input)
        .stage("validate", Validate::new).withErrorPolicy(park)
        .sideOutputTo(RejectedRow.REJECTS, "invalid", rejects.get(), REJECTS_DISPATCH)
        .map("clean", Sale::clean)
        .stage("dedupe", dedupe).withErrorPolicy(park)
        .sideOutputTo(RejectedRow.REJECTS, "duplicates", rejects.get(), REJECTS_DISPATCH)
        .map("price", PricedSale::of)
        .to("save", save, saveDispatch, SAVE_RETRIES.thenDeadLetter(failed));
  }
}
