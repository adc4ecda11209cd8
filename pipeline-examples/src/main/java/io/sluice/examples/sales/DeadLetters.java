package io.sluice.examples.sales;

import io.sluice.api.DeadLetter;
import io.sluice.api.Sink;
import io.sluice.connectors.csv.CsvRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead-letter sink of the sales pipeline: the rows a stage <em>failed</em> on, which its error
 * policy parked here as {@link DeadLetter}s (the stage, the record with its line number, the
 * exception): the database refusing a sale on save, or a surprise in a stage's code. Lines turned
 * away on purpose (dirty data) are not failures and do not come here; they go to table
 * {@code REJECTED_ROWS} (see {@link RejectedRow}). It counts the dead letters by reason, keeping
 * the first 20 in full for the summary.
 *
 * <p>The runtime calls a dead-letter sink one dead letter at a time even when several stages share
 * it; the job reads it from its own thread after the run, so the methods are synchronised (dead
 * letters are rare, so that costs nothing that matters).
 */
public final class DeadLetters implements Sink<DeadLetter> {
  private static final int DETAILS_KEPT = 20;
  private static final int DATABASE_MESSAGE_KEPT = 120;

  /**
   * One row a stage failed on.
   *
   * @param stage the stage that failed on it
   * @param line its line in the input
   * @param reason the reason it is counted under ("refused by the database")
   * @param detail the line, what went wrong, and for a batch how the row was found, for people
   */
  public record FailedRow(String stage, long line, String reason, String detail) {}

  private final String source;
  private final Map<String, Long> counts = new TreeMap<>();
  private final List<FailedRow> kept = new ArrayList<>();
  private long total;

  /**
   * Creates an empty account of dead letters.
   *
   * @param source the input's name (a file name), for the details
   */
  public DeadLetters(String source) {
    this.source = source;
  }

  /**
   * Counts a row a stage failed on.
   *
   * @param letter the dead letter
   */
  @Override
  public synchronized void write(DeadLetter letter) {
    FailedRow row = classify(letter);
    counts.merge(row.reason(), 1L, Long::sum);
    total++;
    if (kept.size() < DETAILS_KEPT) {
      kept.add(row);
    }
  }

  /** Works out the line, reason and detail of a dead letter from its record and exception. */
  private FailedRow classify(DeadLetter letter) {
    long line = lineOf(letter.record());
    Throwable failure = letter.exception();
    String stage = letter.stageName();
    String where = source + " line " + line + ": ";
    String how = letter.flushReason().map(reason -> " (after " + letter.attempts()
        + " failed calls, in a " + reason + " batch of " + letter.batchSize() + ")").orElse("");
    if (failure instanceof SQLException refused) {
      return new FailedRow(stage, line, "refused by the database", where + "order "
          + orderIdOf(letter.record()) + " refused by the database: " + shorten(refused) + how);
    }
    return new FailedRow(stage, line, "failed in " + stage + ": "
        + failure.getClass().getSimpleName(), where + failure + how);
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
   * Returns how many rows were dead-lettered.
   *
   * @return the total
   */
  public synchronized long total() {
    return total;
  }

  /**
   * Returns the dead letters by reason, most frequent first.
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
   * Returns the first dead letters received (all of them if there were at most 20), in line
   * order.
   *
   * @return an immutable list of at most 20 failed rows
   */
  public synchronized List<FailedRow> first() {
    return kept.stream().sorted(Comparator.comparingLong(FailedRow::line)).toList();
  }

  /** Names the sink in the pipeline's description: {@code deadLetter(failed rows)}. */
  @Override
  public String toString() {
    return "failed rows";
  }
}
