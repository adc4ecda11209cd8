package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes the first sale of each order id and rejects the later ones as duplicates. Holds every id
 * seen in the run, so it is made afresh for each run.
 */
final class Dedupe implements Stage<Sale, Sale> {
  private final String source;
  private final Rejections rejections;
  private final Map<String, Long> firstLineByOrder = new HashMap<>();

  Dedupe(String source, Rejections rejections) {
    this.source = source;
    this.rejections = rejections;
  }

  @Override
  public void process(Sale sale, Emitter<Sale> out) {
    Long first = firstLineByOrder.putIfAbsent(sale.orderId(), sale.line());
    if (first == null) {
      out.emit(sale);
      return;
    }
    rejections.add("duplicate order_id", sale.line(), source + " line " + sale.line()
        + ": order " + sale.orderId() + " was already read on line " + first);
  }
}
