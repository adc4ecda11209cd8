package io.sluice.examples.sales;

/**
 * A sale whose order id was already read earlier in the input. The {@code dedupe} stage throws it
 * and its error policy dead-letters the sale, so a duplicate is reported with its line like any
 * other rejected row. It carries no stack trace: it is a verdict on the data, not a bug.
 */
final class DuplicateOrderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DuplicateOrderException(String source, Sale duplicate, long firstLine) {
    super(source + " line " + duplicate.line() + ": order " + duplicate.orderId()
        + " was already read on line " + firstLine, null, false, false);
  }
}
