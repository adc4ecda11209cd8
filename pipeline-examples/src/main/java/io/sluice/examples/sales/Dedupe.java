package io.sluice.examples.sales;

import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes the first sale of each order id and sends the later ones to the
 * {@link RejectedRow#REJECTS} side output: a duplicate in an export is dirt to be reported, not a
 * failure. Holds every id seen in the run, so it is made afresh for each run; a run that resumes
 * from a checkpoint starts from the orders already saved, so a duplicate of one of them is still
 * turned away, and a sale read again after the restart (its own line) still passes.
 */
final class Dedupe implements Stage<Sale, Sale> {
  static final String REASON = "duplicate order_id";

  private final Map<String, Long> firstLineByOrder;

  Dedupe() {
    this(Map.of());
  }

  /** Starts knowing the first line of orders read by earlier runs. */
  Dedupe(Map<String, Long> seen) {
    this.firstLineByOrder = new HashMap<>(seen);
  }

  @Override
  public void process(Sale sale, Emitter<Sale> out) {
    Long first = firstLineByOrder.putIfAbsent(sale.orderId(), sale.line());
    if (first != null && first != sale.line()) {
      out.emit(RejectedRow.REJECTS, new RejectedRow(sale.line(), "dedupe", REASON,
          "order " + sale.orderId() + " was already read on line " + first, sale.text()));
      return;
    }
    out.emit(sale);
  }
}
