package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.PipelineClock;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.connectors.csv.CsvRow;
import io.sluice.connectors.csv.CsvRowException;

/**
 * Turns CSV rows into sales, stamped with the time the pipeline first saw them. A row that
 * {@link Sale#parse} turns down (blank, too many or too few fields, a missing or unreadable value,
 * a broken rule) goes to the {@link RejectedRow#REJECTS} side output with its line, reason and
 * content.
 *
 * <p>Why a side output and not the error policy: a dirty line is what this input is expected to
 * contain, and turning it away is this stage's job, so it is routed like any other output (in
 * batches, to a table people read). Only {@link CsvRowException}, the verdict on a line, is caught;
 * anything else thrown here would be a surprise (a bug), and is left to the stage's error policy.
 */
final class Validate implements Stage<CsvRow, Sale> {
  private PipelineClock clock;

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
      out.emit(RejectedRow.REJECTS, RejectedRow.of("validate", bad));
      return;
    }
    out.emit(sale);
  }
}
