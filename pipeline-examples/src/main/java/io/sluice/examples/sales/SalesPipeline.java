package io.sluice.examples.sales;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.connectors.csv.CsvRow;

/**
 * The sales pipeline shared by the {@code batch} and {@code compare} jobs:
 *
 * <pre>
 * read (CSV) → validate → clean → dedupe → price → save (JDBC)
 * </pre>
 *
 * Every stage but {@code save} handles one record at a time; {@code save} gets the dispatch the job
 * chooses, which is the whole difference between streaming and batch saving.
 */
final class SalesPipeline {
  private SalesPipeline() {}

  static Pipeline<CsvRow> build(Source<CsvRow> input, String inputName, Rejections rejections,
      Sink<? super PricedSale> save, Dispatch saveDispatch) {
    return Pipeline.named("sales")
        .from("read", input)
        .stage("validate", new Validate(rejections))
        .map("clean", Sale::clean)
        .stage("dedupe", () -> new Dedupe(inputName, rejections))
        .map("price", PricedSale::of)
        .to("save", save, saveDispatch);
  }
}
