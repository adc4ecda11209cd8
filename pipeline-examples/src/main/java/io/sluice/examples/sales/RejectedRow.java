package io.sluice.examples.sales;

import io.sluice.api.SideOutput;
import io.sluice.connectors.csv.CsvRowException;

/**
 * A line of the sales CSV that the pipeline turned away on purpose: a data-quality verdict, not a
 * failure. {@code validate} and {@code dedupe} emit it to their {@link #REJECTS} side output, which
 * the sales pipeline connects to table {@code REJECTED_ROWS}.
 *
 * @param line the line's number in the input (the header is line 1)
 * @param stage the stage that rejected it
 * @param reason the reason it is counted under ("blank line", "bad quantity", "duplicate
 *     order_id")
 * @param detail what exactly was wrong, for people ("column 'quantity': 'two' is not a whole
 *     number")
 * @param content the line as read
 */
public record RejectedRow(long line, String stage, String reason, String detail,
    String content) {

  /** The side output of the stages that reject rows. */
  public static final SideOutput<RejectedRow> REJECTS =
      SideOutput.of("rejects", RejectedRow.class);

  /**
   * Describes a row a stage rejected because a value was missing, unreadable or broke a rule.
   *
   * @param stage the stage
   * @param bad what {@link Sale#parse} threw
   * @return the rejected row
   */
  static RejectedRow of(String stage, CsvRowException bad) {
    String detail = bad.column().map(column -> "column '" + column + "': ").orElse("")
        + bad.reason();
    return new RejectedRow(bad.lineNumber(), stage, reasonOf(bad), detail, bad.text());
  }

  /**
   * Returns the reason a bad row is counted under: "missing fields", "empty customer", "bad date",
   * or the reason a rule gave ("quantity not positive").
   *
   * @param e the exception
   * @return the reason
   */
  static String reasonOf(CsvRowException e) {
    String column = e.column().orElse("?");
    return switch (e.problem()) {
      case MISSING_FIELD -> "missing fields";
      case EMPTY_VALUE -> "empty " + column;
      case BAD_VALUE -> "bad " + column;
      case INVALID -> e.reason();
      case MALFORMED -> "malformed line";
    };
  }

  /**
   * Describes the row for people: {@code "sales.csv line 5: column 'quantity': 'two' is not a
   * whole number [1004,2024-03-04,...]"}.
   *
   * @param source the input's name
   * @return the description
   */
  public String describe(String source) {
    return source + " line " + line + ": " + detail + " [" + content + "]";
  }
}
