package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes the first sale of each order id and throws {@link DuplicateOrderException} for the later
 * ones, which the stage's error policy dead-letters. Holds every id seen in the run, so it is made
 * afresh for each run.
 */
final class Dedupe implements Stage<Sale, Sale> {
  private final String source;
  private final Map<String, Long> firstLineByOrder = new HashMap<>();

  Dedupe(String source) {
    this.source = source;
  }

  @Override
  public void process(Sale sale, Emitter<Sale> out) {
    Long first = firstLineByOrder.putIfAbsent(sale.orderId(), sale.line());
    if (first != null) {
      throw new DuplicateOrderException(source, sale, first);
    }
    out.emit(sale);
  }
}
