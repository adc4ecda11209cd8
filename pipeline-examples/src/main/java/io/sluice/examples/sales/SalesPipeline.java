package io.sluice.examples.sales;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.connectors.csv.CsvRow;
import java.time.Duration;

/**
 * The sales pipeline shared by the {@code batch} and {@code compare} jobs:
 *
 * <pre>
 * read (CSV) → validate → clean → dedupe → price → save (JDBC)
 * </pre>
 *
 * Every stage but {@code save} handles one record at a time; {@code save} gets the dispatch the job
 * chooses, which is the whole difference between streaming and batch saving.
 *
 * <p>Bad rows are not filtered by hand: {@code validate} and {@code dedupe} throw, and their error
 * policy dead-letters the row to the job's {@link Rejections}. {@code save} retries a failed
 * database call (a lost connection or a lock timeout may pass), then dead-letters what the
 * database still refuses; in a batch the runtime first splits it to find the rows at fault, and the
 * JDBC sink rolls back every failed call, so the rest of the batch is saved exactly once.
 */
final class SalesPipeline {
  /** Three calls in all for a failing database call, 50 ms and then 100 ms apart. */
  static final ErrorPolicy SAVE_RETRIES =
      ErrorPolicy.retry(3, Duration.ofMillis(50), Duration.ofSeconds(1));

  private SalesPipeline() {}

  static Pipeline<CsvRow> build(Source<CsvRow> input, String inputName,
      Sink<? super DeadLetter> rejected, Sink<? super PricedSale> save, Dispatch saveDispatch) {
    ErrorPolicy park = ErrorPolicy.deadLetter(rejected);
    return Pipeline.named("sales")
        .from("read", input)
        .stage("validate", Validate::new).withErrorPolicy(park)
        .map("clean", Sale::clean)
        .stage("dedupe", () -> new Dedupe(inputName)).withErrorPolicy(park)
        .map("price", PricedSale::of)
        .to("save", save, saveDispatch, SAVE_RETRIES.thenDeadLetter(rejected));
  }
}
