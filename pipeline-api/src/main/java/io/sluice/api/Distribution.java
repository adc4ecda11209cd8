package io.sluice.api;

import java.util.Locale;

/**
 * A summary of a recorded distribution (batch sizes, processing times): count, extremes, mean and
 * the usual percentiles. Immutable; built by runners from their histograms.
 */
public final class Distribution {
  private static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0, 0, 0);

  private final long count;
  private final long min;
  private final long max;
  private final double mean;
  private final long p50;
  private final long p90;
  private final long p99;
  private final long p999;

  private Distribution(long count, long min, long max, double mean, long p50, long p90, long p99,
      long p999) {
    this.count = count;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.p50 = p50;
    this.p90 = p90;
    this.p99 = p99;
    this.p999 = p999;
  }

  /**
   * Returns the summary of nothing recorded.
   *
   * @return the empty distribution
   */
  public static Distribution empty() {
    return EMPTY;
  }

  /**
   * Creates a summary.
   *
   * @param count values recorded, not negative
   * @param min the smallest value
   * @param max the largest value
   * @param mean the mean
   * @param p50 the median
   * @param p90 the 90th percentile
   * @param p99 the 99th percentile
   * @param p999 the 99.9th percentile
   * @return the summary
   * @throws IllegalArgumentException if {@code count} is negative, or if values are recorded and
   *     {@code min <= p50 <= p90 <= p99 <= p999 <= max} does not hold
   */
  public static Distribution of(long count, long min, long max, double mean, long p50, long p90,
      long p99, long p999) {
    Checks.check(count >= 0, "count must not be negative but was %d", count);
    if (count == 0) {
      return EMPTY;
    }
    Checks.check(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= max,
        "percentiles must be ordered: min %d, p50 %d, p90 %d, p99 %d, p99.9 %d, max %d",
        min, p50, p90, p99, p999, max);
    return new Distribution(count, min, max, mean, p50, p90, p99, p999);
  }

  /**
   * Returns how many values were recorded.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Returns the smallest value, or 0 when empty.
   *
   * @return the minimum
   */
  public long min() {
    return min;
  }

  /**
   * Returns the largest value, or 0 when empty.
   *
   * @return the maximum
   */
  public long max() {
    return max;
  }

  /**
   * Returns the mean, or 0 when empty.
   *
   * @return the mean
   */
  public double mean() {
    return mean;
  }

  /**
   * Returns the median.
   *
   * @return the 50th percentile
   */
  public long p50() {
    return p50;
  }

  /**
   * Returns the 90th percentile.
   *
   * @return the 90th percentile
   */
  public long p90() {
    return p90;
  }

  /**
   * Returns the 99th percentile.
   *
   * @return the 99th percentile
   */
  public long p99() {
    return p99;
  }

  /**
   * Returns the 99.9th percentile.
   *
   * @return the 99.9th percentile
   */
  public long p999() {
    return p999;
  }

  @Override
  public String toString() {
    return count == 0 ? "n=0" : String.format(Locale.ROOT,
        "n=%d min=%d p50=%d p90=%d p99=%d p99.9=%d max=%d mean=%.1f",
        count, min, p50, p90, p99, p999, max, mean);
  }
}
