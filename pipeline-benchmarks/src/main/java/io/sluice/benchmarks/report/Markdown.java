package io.sluice.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Markdown tables and the number formats of the reports. */
public final class Markdown {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  private Markdown(List<String> header) {
    this.header = header;
  }

  /** Starts a table with its header cells. */
  public static Markdown table(String... header) {
    return new Markdown(List.of(header));
  }

  /** Adds a row of as many cells as the header has. */
  public Markdown row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
          + header.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Returns the table as Markdown. */
  public String render() {
    StringBuilder out = new StringBuilder();
    line(out, header);
    List<String> rule = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      rule.add(i == 0 ? "---" : "---:");
    }
    line(out, rule);
    rows.forEach(row -> line(out, row));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** Records per second, e.g. {@code 31.2 M} or {@code 48.7 k}. */
  static String rate(double perSecond) {
    if (Double.isNaN(perSecond)) {
      return "n/a";
    }
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
  }

  /** The error as a percentage of the score, or a dash when JMH had too few samples. */
  static String error(JmhResult.Metric metric) {
    if (Double.isNaN(metric.error()) || metric.score() == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "± %.0f %%", 100 * metric.error() / metric.score());
  }

  static String ratio(Optional<Double> numerator, Optional<Double> denominator) {
    return numerator.flatMap(n -> denominator.map(d -> ratio(n / d))).orElse("n/a");
  }

  static String ratio(double value) {
    return String.format(Locale.ROOT, value >= 10 ? "%.0f×" : "%.2f×", value);
  }

  /** Formats a number with a fixed count of decimals. */
  public static String decimal(double value, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }
}
