package io.sluice.examples.sales;

import io.sluice.connectors.csv.CsvRowException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows a run rejected, counted by reason, with the first few kept in full. Shared by the
 * stages that reject (each on its own thread), so it is synchronised; rejections are rare, so that
 * costs nothing that matters.
 */
public final class Rejections {
  private static final int DETAILS_KEPT = 20;

  /** A rejected line, kept in full for the report. */
  private record Detail(long line, String text) {}

  private final Map<String, Long> counts = new TreeMap<>();
  private final List<Detail> details = new ArrayList<>();
  private long total;

  /**
   * Records a row rejected because reading it raised a {@link CsvRowException}.
   *
   * @param e the exception, naming the line, its content and the reason
   */
  public void add(CsvRowException e) {
    add(reasonOf(e), e.lineNumber(), e.getMessage());
  }

  /**
   * Records a rejected row.
   *
   * @param reason the reason, as counted ("duplicate order_id")
   * @param line the row's line number
   * @param detail the line, its content and the reason, for people
   */
  public synchronized void add(String reason, long line, String detail) {
    counts.merge(reason, 1L, Long::sum);
    total++;
    if (details.size() < DETAILS_KEPT) {
      details.add(new Detail(line, detail));
    }
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
   * Returns the first rejections recorded (all of them if there were at most 20), in full, in
   * line order.
   *
   * @return an immutable list of at most 20 descriptions
   */
  public synchronized List<String> firstDetails() {
    return details.stream().sorted(Comparator.comparingLong(Detail::line)).map(Detail::text)
        .toList();
  }
}
