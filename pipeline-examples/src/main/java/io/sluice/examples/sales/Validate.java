package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.PipelineClock;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.connectors.csv.CsvRow;
import io.sluice.connectors.csv.CsvRowException;

/**
 * Turns CSV rows into sales, stamped with the time the pipeline first saw them. A bad row makes
 * {@link Sale#parse} throw a {@link CsvRowException} naming the line, its content and the reason;
 * nothing is caught here: the stage's error policy decides what becomes of the row (in the sales
 * pipeline it is dead-lettered to {@link Rejections}), so no row can disappear unaccounted for.
 */
final class Validate implements Stage<CsvRow, Sale> {
  private PipelineClock clock;

  @Override
  public void open(StageContext context) {
    clock = context.clock();
  }

  @Override
  public void process(CsvRow row, Emitter<Sale> out) {
    out.emit(Sale.parse(row, clock.nanoTime()));
  }
}
