package io.sluice.connectors.csv;

import io.sluice.connectors.csv.CsvRowException.Problem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One line of a CSV input, as read: its fields, the header they map to, its line number and its
 * content. Immutable.
 *
 * <p>A row is emitted for every line, good or bad, so nothing is dropped silently. Its accessors
 * check as they read: a column the line has no field for, an empty required value, or a value that
 * is not of the expected type throws a {@link CsvRowException} naming the input, the line number,
 * the line's content and the reason. Thrown inside a stage, that exception goes to the stage's
 * error policy. Asking for a column the header does not have is a mistake in the calling code and
 * throws {@link IllegalArgumentException}.
 *
 * <p>Typed accessors ({@link #getInt}, {@link #getDecimal}, {@link #getDate}...) trim the value
 * first; {@link #get} returns it exactly as read.
 */
public final class CsvRow {
  private final CsvHeader header;
  private final long lineNumber;
  private final List<String> fields;
  private final char separator;

  CsvRow(CsvHeader header, long lineNumber, List<String> fields, char separator) {
    this.header = header;
    this.lineNumber = lineNumber;
    this.fields = List.copyOf(fields);
    this.separator = separator;
  }

  /**
   * Returns the name of the input the row was read from (a file name).
   *
   * @return the input's name
   */
  public String source() {
    return sourceName();
  }

  /**
   * Returns the number of the line the row starts on, counting from 1 (a header is line 1).
   *
   * @return the line number
   */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * Returns the column names of the input, in order.
   *
   * @return the header
   */
  public List<String> header() {
    return header.names();
  }

  /**
   * Returns the fields of the line, exactly as read; there may be fewer or more than columns.
   *
   * @return an immutable list
   */
  public List<String> fields() {
    return fields;
  }

  /**
   * Returns how many fields the line has.
   *
   * @return the field count
   */
  public int fieldCount() {
    return fields.size();
  }

  /**
   * Tells whether the line holds nothing but whitespace and separators (an empty line, say).
   *
   * @return {@code true} for a blank line
   */
  public boolean isBlank() {
    return fields.stream().allMatch(String::isBlank);
  }

  /**
   * Returns the line's content: its fields written back as one CSV line, quoted where needed. This
   * is the input line unless the input quoted more than it had to.
   *
   * @return the line's text
   */
  public String text() {
    return CsvText.join(fields, separator);
  }

  /**
   * Tells whether the header has the column and this line has a field for it.
   *
   * @param column a column name
   * @return {@code true} if {@link #get(String)} would return a value
   */
  public boolean has(String column) {
    return header.has(column) && header.position(column) < fields.size();
  }

  /**
   * Returns the field of a column, exactly as read.
   *
   * @param column a column of the header
   * @return the field, possibly empty
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException ({@link Problem#MISSING_FIELD}) if the line is too short to have it
   */
  public String get(String column) {
    int position = header.position(column);
    if (position >= fields.size()) {
      throw problem(column, Problem.MISSING_FIELD, "missing: the line has " + fields.size()
          + " of " + header.names().size() + " fields", null);
    }
    return fields.get(position);
  }

  /**
   * Returns a field by position, exactly as read.
   *
   * @param index the field's position, from 0
   * @return the field
   * @throws CsvRowException ({@link Problem#MISSING_FIELD}) if the line has no such field
   */
  public String get(int index) {
    if (index < 0 || index >= fields.size()) {
      throw problem(null, Problem.MISSING_FIELD, "no field " + (index + 1) + ": the line has "
          + fields.size() + " fields", null);
    }
    return fields.get(index);
  }

  /**
   * Returns the trimmed field of a column, which must not be empty.
   *
   * @param column a column of the header
   * @return the trimmed, non-empty value
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing ({@link Problem#MISSING_FIELD}) or blank
   *     ({@link Problem#EMPTY_VALUE})
   */
  public String require(String column) {
    String value = get(column).trim();
    if (value.isEmpty()) {
      throw problem(column, Problem.EMPTY_VALUE, "empty", null);
    }
    return value;
  }

  /**
   * Returns the trimmed field of a column if the line has one and it is not blank.
   *
   * @param column a column of the header
   * @return the trimmed value, or empty if the field is missing or blank
   * @throws IllegalArgumentException if the header has no such column
   */
  public Optional<String> find(String column) {
    return has(column) ? Optional.of(get(column).trim()).filter(v -> !v.isEmpty())
        : Optional.empty();
  }

  /**
   * Reads a required field with a parser of your own.
   *
   * @param column a column of the header
   * @param expected what the value should be, for the message (e.g. {@code "an ISBN"})
   * @param parser turns the trimmed value into the result; throws (any runtime exception) if it
   *     cannot
   * @param <R> the result type
   * @return the parsed value
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing or empty, or {@link Problem#BAD_VALUE} if the
   *     parser throws
   * @throws NullPointerException if {@code expected} or {@code parser} is {@code null}
   */
  public <R> R parse(String column, String expected, Function<String, ? extends R> parser) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(parser, "parser");
    String value = require(column);
    try {
      return Objects.requireNonNull(parser.apply(value), "parser returned null");
    } catch (RuntimeException e) {
      throw problem(column, Problem.BAD_VALUE, "'" + value + "' is not " + expected, e);
    }
  }

  /**
   * Reads a required whole number.
   *
   * @param column a column of the header
   * @return the value
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing, empty, or not an {@code int}
   */
  public int getInt(String column) {
    return parse(column, "a whole number", Integer::parseInt);
  }

  /**
   * Reads a required whole number.
   *
   * @param column a column of the header
   * @return the value
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing, empty, or not a {@code long}
   */
  public long getLong(String column) {
    return parse(column, "a whole number", Long::parseLong);
  }

  /**
   * Reads a required decimal number ({@code 12.50}, {@code -3}, {@code 1e3}); use it for money.
   *
   * @param column a column of the header
   * @return the exact value
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing, empty, or not a decimal number
   */
  public BigDecimal getDecimal(String column) {
    return parse(column, "a decimal number", BigDecimal::new);
  }

  /**
   * Reads a required floating-point number; rejects NaN and infinities.
   *
   * @param column a column of the header
   * @return the value
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing, empty, or not a finite number
   */
  public double getDouble(String column) {
    return parse(column, "a finite number", value -> {
      double parsed = Double.parseDouble(value);
      if (!Double.isFinite(parsed)) {
        throw new NumberFormatException("not finite: " + value);
      }
      return parsed;
    });
  }

  /**
   * Reads a required ISO date ({@code 2024-03-01}); an impossible date such as {@code 2024-02-30}
   * is rejected.
   *
   * @param column a column of the header
   * @return the date
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing, empty, or not an ISO date
   */
  public LocalDate getDate(String column) {
    return parse(column, "a date (yyyy-mm-dd)", LocalDate::parse);
  }

  /**
   * Reads a required date in the given format.
   *
   * @param column a column of the header
   * @param format the date format
   * @return the date
   * @throws IllegalArgumentException if the header has no such column
   * @throws CsvRowException if the field is missing, empty, or not a date in that format
   * @throws NullPointerException if {@code format} is {@code null}
   */
  public LocalDate getDate(String column, DateTimeFormatter format) {
    Objects.requireNonNull(format, "format");
    return parse(column, "a date (" + format + ")", value -> LocalDate.parse(value, format));
  }

  /**
   * Returns the fields by column name, for the columns the line has fields for.
   *
   * @return an immutable map in header order
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    List<String> names = header.names();
    for (int i = 0; i < Math.min(names.size(), fields.size()); i++) {
      map.put(names.get(i), fields.get(i));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Makes the exception rejecting this row for a reason of the caller's (a rule the data breaks);
   * throw it from a stage so the row goes to the error policy with its line and content.
   *
   * @param reason why the row is rejected
   * @return the exception ({@link Problem#INVALID}), to be thrown
   * @throws NullPointerException if {@code reason} is {@code null}
   */
  public CsvRowException reject(String reason) {
    return problem(null, Problem.INVALID, Objects.requireNonNull(reason, "reason"), null);
  }

  /**
   * Makes the exception rejecting this row because of one column's value.
   *
   * @param column the column at fault
   * @param reason why its value is rejected
   * @return the exception ({@link Problem#INVALID}), to be thrown
   * @throws NullPointerException if {@code column} or {@code reason} is {@code null}
   */
  public CsvRowException reject(String column, String reason) {
    Objects.requireNonNull(column, "column");
    return problem(column, Problem.INVALID, Objects.requireNonNull(reason, "reason"), null);
  }

  private CsvRowException problem(String column, Problem problem, String reason, Throwable cause) {
    return new CsvRowException(sourceName(), lineNumber, text(), column, problem, reason, cause);
  }

  private String sourceName() {
    return header.source();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CsvRow row && lineNumber == row.lineNumber
        && separator == row.separator && fields.equals(row.fields)
        && header.names().equals(row.header.names()) && sourceName().equals(row.sourceName());
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceName(), lineNumber, fields);
  }

  /** Returns {@code source:line [fields]}, for logs and failure messages. */
  @Override
  public String toString() {
    return sourceName() + ":" + lineNumber + " " + fields;
  }
}
