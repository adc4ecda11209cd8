package io.sluice.examples.sales;

import io.sluice.connectors.csv.CsvRow;
import io.sluice.connectors.csv.CsvRowException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One sale as read from the sales CSV: parsed and checked, not yet priced.
 *
 * @param line the line of the input it came from
 * @param orderId the order's id, unique in a good input
 * @param date the day of the sale
 * @param customer the customer's name
 * @param product the product's name
 * @param quantity how many, at least 1
 * @param unitPrice the price of one, in {@code currency}
 * @param currency a currency {@link Rates} knows
 * @param seenNanos when the pipeline first saw it (the pipeline clock), for latency
 * @param text the line as read, to report it if a later stage turns the sale away
 */
public record Sale(long line, String orderId, LocalDate date, String customer, String product,
    int quantity, BigDecimal unitPrice, String currency, long seenNanos, String text) {

  /** The columns of the sales CSV, in order. */
  public static final String[] COLUMNS =
      {"order_id", "date", "customer", "product", "quantity", "unit_price", "currency"};

  /**
   * Parses a row of the sales CSV.
   *
   * @param row the row
   * @param seenNanos the time to stamp it with
   * @return the sale, its fields trimmed but not yet cleaned
   * @throws CsvRowException naming the line, its content and the reason, if the row is blank, has
   *     too many or too few fields, a missing or unreadable value, or breaks a rule
   */
  public static Sale parse(CsvRow row, long seenNanos) {
    if (row.isBlank()) {
      throw row.reject("blank line");
    }
    if (row.fieldCount() > row.header().size()) {
      throw row.reject("too many fields");
    }
    if (row.fieldCount() < row.header().size()) {
      throw row.reject("missing fields");
    }
    Sale sale = new Sale(row.lineNumber(), row.require("order_id"), row.getDate("date"),
        row.require("customer"), row.require("product"), row.getInt("quantity"),
        row.getDecimal("unit_price"), row.require("currency"), seenNanos, row.text());
    if (sale.quantity() <= 0) {
      throw row.reject("quantity", "quantity not positive");
    }
    if (sale.unitPrice().signum() < 0) {
      throw row.reject("unit_price", "negative unit_price");
    }
    if (!Rates.isKnown(sale.currency())) {
      throw row.reject("currency", "unknown currency");
    }
    return sale;
  }

  /**
   * Returns the sale with its text tidied: names in title case with single spaces, the product
   * under its catalogue name, the currency in capitals, the price in cents.
   *
   * @return the cleaned sale
   */
  public Sale clean() {
    return new Sale(line, orderId, date, titleCase(customer), Catalog.canonicalName(product),
        quantity, unitPrice.setScale(2, RoundingMode.HALF_EVEN),
        currency.toUpperCase(Locale.ROOT), seenNanos, text);
  }

  static String titleCase(String text) {
    return Arrays.stream(text.trim().split("\\s+"))
        .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT)
            + word.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(" "));
  }
}
