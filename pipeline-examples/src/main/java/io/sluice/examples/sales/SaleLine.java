package io.sluice.examples.sales;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * Parses one line of the sales CSV that arrives alone, as a Kafka message does, with the checks
 * {@link Sale#parse} makes on a row of the file: seven fields, an order id, a real date, a whole
 * positive quantity, a price that is a non-negative number, a currency {@link Rates} knows.
 */
public final class SaleLine {
  private SaleLine() {}

  /**
   * Parses a line.
   *
   * @param line the line's number in the file it came from
   * @param text the line, CSV-quoted as in the file
   * @param seenNanos the time to stamp the sale with
   * @return the sale, its fields trimmed but not yet cleaned
   * @throws IllegalArgumentException naming the line, the column and the reason if the line is
   *     not a valid sale
   */
  public static Sale parse(long line, String text, long seenNanos) {
    if (text == null || text.isBlank()) {
      throw bad(line, "blank line");
    }
    List<String> fields = fields(text);
    if (fields.size() > Sale.COLUMNS.length) {
      throw bad(line, "too many fields");
    }
    if (fields.size() < Sale.COLUMNS.length) {
      throw bad(line, "missing fields");
    }
    LocalDate date = parsed(line, fields, 1, LocalDate::parse, "a date");
    int quantity = parsed(line, fields, 4, Integer::parseInt, "a whole number");
    BigDecimal unitPrice = parsed(line, fields, 5, BigDecimal::new, "a number");
    if (quantity <= 0) {
      throw bad(line, "quantity not positive");
    }
    if (unitPrice.signum() < 0) {
      throw bad(line, "negative unit_price");
    }
    String currency = required(line, fields, 6);
    if (!Rates.isKnown(currency)) {
      throw bad(line, "unknown currency '" + currency + "'");
    }
    return new Sale(line, required(line, fields, 0), date, required(line, fields, 2),
        required(line, fields, 3), quantity, unitPrice, currency, seenNanos, text);
  }

  private static List<String> fields(String text) {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(text)) {
      return reader.stream().findFirst().map(CsvRecord::getFields).orElse(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: reading a string", e);
    }
  }

  private static String required(long line, List<String> fields, int column) {
    String value = fields.get(column).trim();
    if (value.isEmpty()) {
      throw bad(line, "column '" + Sale.COLUMNS[column] + "': missing value");
    }
    return value;
  }

  /** The column's value as {@code parser} reads it, which throws if it is not {@code what}. */
  private static <T> T parsed(long line, List<String> fields, int column,
      Function<String, T> parser, String what) {
    String text = required(line, fields, column);
    try {
      return parser.apply(text);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw bad(line, "column '" + Sale.COLUMNS[column] + "': '" + text + "' is not " + what);
    }
  }

  private static IllegalArgumentException bad(long line, String reason) {
    return new IllegalArgumentException("line " + line + ": " + reason);
  }
}
