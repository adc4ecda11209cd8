package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.PipelineClock;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.connectors.csv.CsvRow;
import io.sluice.connectors.csv.CsvRowException;

/**
 * Turns CSV rows into sales, rejecting bad rows with their reason. Rejection is explicit here, so
 * no row disappears unaccounted for: every row either leaves as a sale or is counted in
 * {@link Rejections} with its line, content and reason. (With a skip or dead-letter error policy,
 * this stage could simply let {@link Sale#parse} throw.)
 */
final class Validate implements Stage<CsvRow, Sale> {
  private final Rejections rejections;
  private PipelineClock clock;

  Validate(Rejections rejections) {
    this.rejections = rejections;
  }

  @Override
  public void open(StageContext context) {
    clock = context.clock();
  }

  @Override
  public void process(CsvRow row, Emitter<Sale> out) {
    Sale sale;
    try {
      sale = Sale.parse(row, clock.nanoTime());
    } catch (CsvRowException bad) {
      rejections.add(bad);
      return;
    }
    out.emit(sale);
  }
}
