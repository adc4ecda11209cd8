package io.sluice.examples.sales;

import io.sluice.api.DeadLetter;
import io.sluice.api.Sink;
import io.sluice.connectors.csv.CsvRow;
import io.sluice.connectors.csv.CsvRowException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead-letter sink of the sales pipeline: every row a stage failed on arrives here as a
 * {@link DeadLetter} (the stage, the record with its line number, the exception) through that
 * stage's error policy. It counts them by reason, keeping the first 20 in full for the summary.
 *
 * <p>The runtime calls a dead-letter sink one dead letter at a time even when several stages share
 * it; the job reads it from its own thread after the run, so the methods are synchronised (dead
 * letters are rare, so that costs nothing that matters).
 */
public final class Rejections implements Sink<DeadLetter> {
  private static final int DETAILS_KEPT = 20;
  private static final int DATABASE_MESSAGE_KEPT = 120;

  /**
   * One rejected row.
   *
   * @param stage the stage that failed on it
   * @param line its line in the input
   * @param reason the reason it is counted under ("bad quantity", "duplicate order_id")
   * @param detail the line, what was wrong, and for a batch how the row was found, for people
   */
  public record Rejection(String stage, long line, String reason, String detail) {}

  private final String source;
  private final Map<String, Long> counts = new TreeMap<>();
  private final List<Rejection> kept = new ArrayList<>();
  private long total;

  /**
   * Creates an empty account of rejections.
   *
   * @param source the input's name (a file name), for the details of rows its own exception does
   *     not describe
   */
  public Rejections(String source) {
    this.source = source;
  }

  /**
   * Counts a row a stage failed on.
   *
   * @param letter the dead letter
   */
  @Override
  public synchronized void write(DeadLetter letter) {
    Rejection rejection = classify(letter);
    counts.merge(rejection.reason(), 1L, Long::sum);
    total++;
    if (kept.size() < DETAILS_KEPT) {
      kept.add(rejection);
    }
  }

  /** Works out the line, reason and detail of a dead letter from its record and exception. */
  private Rejection classify(DeadLetter letter) {
    long line = lineOf(letter.record());
    Throwable failure = letter.exception();
    String stage = letter.stageName();
    if (failure instanceof CsvRowException bad) {
      return new Rejection(stage, bad.lineNumber(), reasonOf(bad), bad.getMessage());
    }
    if (failure instanceof DuplicateOrderException duplicate) {
      return new Rejection(stage, line, "duplicate order_id", duplicate.getMessage());
    }
    String where = source + " line " + line + ": ";
    String how = letter.flushReason().map(reason -> " (after " + letter.attempts()
        + " failed calls, in a " + reason + " batch of " + letter.batchSize() + ")").orElse("");
    if (failure instanceof SQLException refused) {
      return new Rejection(stage, line, "refused by the database", where + "order "
          + orderIdOf(letter.record()) + " refused by the database: " + shorten(refused) + how);
    }
    return new Rejection(stage, line, "failed in " + stage + ": "
        + failure.getClass().getSimpleName(), where + failure + how);
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

  private static long lineOf(Object record) {
    if (record instanceof CsvRow row) {
      return row.lineNumber();
    } else if (record instanceof Sale sale) {
      return sale.line();
    } else if (record instanceof PricedSale priced) {
      return priced.sale().line();
    }
    return -1;
  }

  private static String orderIdOf(Object record) {
    if (record instanceof Sale sale) {
      return sale.orderId();
    } else if (record instanceof PricedSale priced) {
      return priced.sale().orderId();
    }
    return "?";
  }

  /** The database's own words, without the statement it repeats after them. */
  private static String shorten(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int statement = message.indexOf("; SQL statement");
    String shown = (statement < 0 ? message : message.substring(0, statement))
        .replaceAll("\\s+", " ").strip();
    return shown.length() <= DATABASE_MESSAGE_KEPT ? shown
        : shown.substring(0, DATABASE_MESSAGE_KEPT) + "...";
  }

  /**
   * Returns how many rows were rejected.
   *
   * @return the total
   */
  public synchronized long total() {
    return total;
  }

  /**
   * Returns the rejections by reason, most frequent first.
   *
   * @return an immutable, ordered map
   */
  public synchronized Map<String, Long> byReason() {
    Map<String, Long> ordered = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(ordered);
  }

  /**
   * Returns the first rejections received (all of them if there were at most 20), in line order.
   *
   * @return an immutable list of at most 20 rejections
   */
  public synchronized List<Rejection> first() {
    return kept.stream().sorted(Comparator.comparingLong(Rejection::line)).toList();
  }

  /** Names the sink in the pipeline's description: {@code deadLetter(rejected rows)}. */
  @Override
  public String toString() {
    return "rejected rows";
  }
}
