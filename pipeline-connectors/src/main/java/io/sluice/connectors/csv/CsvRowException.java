package io.sluice.connectors.csv;

import java.util.Objects;
import java.util.Optional;

/**
 * A line of a CSV input could not be used: names the input, the line number, the line's content
 * and the reason. Thrown when a field of a {@link CsvRow} is read and is missing, empty or not of
 * the expected type, when stage code rejects a row ({@link CsvRow#reject}), and by the source
 * itself when a line cannot be split into fields at all ({@link Problem#MALFORMED}).
 *
 * <p>It is unchecked so that it can leave a {@code map} function; the stage's error policy then
 * decides what happens to the record (fail fast by default). Nothing about a bad line is lost: the
 * exception carries everything needed to report, skip or dead-letter it.
 */
public final class CsvRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_TEXT_IN_MESSAGE = 300;

  /** What was wrong with the line. */
  public enum Problem {
    /** The line has fewer fields than the header, so a column has no field on it. */
    MISSING_FIELD,
    /** A required field is empty or blank. */
    EMPTY_VALUE,
    /** A field could not be read as the expected type (a number, a date...). */
    BAD_VALUE,
    /** Stage code rejected the row for a reason of its own ({@link CsvRow#reject}). */
    INVALID,
    /** The line could not be split into fields (an unclosed quote, text after a closing quote). */
    MALFORMED
  }

  /** The input's name (a file name). */
  private final String source;
  /** The line's number in the input, counting from 1. */
  private final long lineNumber;
  /** The line's content. */
  private final String text;
  /** The column read, or {@code null} for the whole line. */
  private final String column;
  /** What was wrong. */
  private final Problem problem;
  /** Why, in words. */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param source the input's name (a file name), for messages
   * @param lineNumber the line's number in the input, counting from 1 (the header is line 1)
   * @param text the line's content
   * @param column the column concerned, or {@code null} when the problem is the whole line
   * @param problem what kind of problem it is
   * @param reason why the line is unusable, for people
   * @param cause the underlying failure (a {@link NumberFormatException}, a parser exception), or
   *     {@code null}
   * @throws NullPointerException if {@code source}, {@code text}, {@code problem} or {@code reason}
   *     is {@code null}
   */
  public CsvRowException(String source, long lineNumber, String text, String column,
      Problem problem, String reason, Throwable cause) {
    super(message(source, lineNumber, text, column, reason), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.lineNumber = lineNumber;
    this.text = Objects.requireNonNull(text, "text");
    this.column = column;
    this.problem = Objects.requireNonNull(problem, "problem");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  private static String message(String source, long line, String text, String column,
      String reason) {
    String shown = text.length() <= MAX_TEXT_IN_MESSAGE
        ? text : text.substring(0, MAX_TEXT_IN_MESSAGE) + "...";
    return source + " line " + line + ": " + (column == null ? "" : "column '" + column + "': ")
        + reason + " [" + shown + "]";
  }

  /**
   * Returns the name of the input the line comes from.
   *
   * @return the input's name
   */
  public String source() {
    return source;
  }

  /**
   * Returns the line's number in the input, counting from 1 (the header is line 1).
   *
   * @return the line number
   */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * Returns the line's content: the fields as read, written back as one CSV line.
   *
   * @return the line's text
   */
  public String text() {
    return text;
  }

  /**
   * Returns the column concerned.
   *
   * @return the column's name, or empty when the problem is the whole line
   */
  public Optional<String> column() {
    return Optional.ofNullable(column);
  }

  /**
   * Returns what kind of problem it is, for code that counts or routes bad lines.
   *
   * @return the problem
   */
  public Problem problem() {
    return problem;
  }

  /**
   * Returns why the line is unusable, without the input name, line number and content.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
