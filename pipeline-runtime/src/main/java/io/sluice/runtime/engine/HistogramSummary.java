package io.sluice.runtime.engine;

import io.sluice.api.Distribution;
import org.HdrHistogram.AbstractHistogram;

/**
 * A histogram's {@link Distribution} (count, min, max, mean, p50, p90, p99, p99.9) in one walk over
 * the buckets between its lowest and highest value, with exactly HdrHistogram's own answers:
 * {@code getMean()} walks every bucket from zero with an iterator, and each
 * {@code getValueAtPercentile} walks again from zero, so summarising a histogram of processing
 * times (tens of thousands of buckets) that way cost a run ~100–200 µs per stage that recorded
 * anything. The walk here visits the same non-empty buckets in the same order, with the same
 * arithmetic.
 */
final class HistogramSummary {
  private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9};

  private HistogramSummary() {}

  /**
   * Summarises a histogram.
   *
   * @param histogram read, not changed; not written concurrently
   * @return the distribution, {@link Distribution#empty()} if it holds no value
   */
  static Distribution of(AbstractHistogram histogram) {
    long count = histogram.getTotalCount();
    if (count == 0) {
      return Distribution.empty();
    }
    long[] wanted = new long[PERCENTILES.length];
    for (int i = 0; i < wanted.length; i++) {
      wanted[i] = countAtPercentile(PERCENTILES[i], count);
    }
    long[] atPercentile = new long[PERCENTILES.length];
    int next = 0;
    double sum = 0;
    long seen = 0;
    long max = histogram.getMaxValue();
    for (long value = histogram.lowestEquivalentValue(histogram.getMinValue());
        seen < count && value <= max; value = histogram.nextNonEquivalentValue(value)) {
      long here = histogram.getCountAtValue(value);
      if (here == 0) {
        continue;
      }
      // getMean(): the bucket's median times its count, summed from the lowest bucket up
      sum += histogram.medianEquivalentValue(value) * (double) here;
      seen += here;
      // getValueAtPercentile(p), p > 0: the highest value of the first bucket that reaches it
      while (next < wanted.length && seen >= wanted[next]) {
        atPercentile[next++] = histogram.highestEquivalentValue(value);
      }
    }
    return Distribution.of(count, histogram.getMinValue(), max, sum * 1.0 / count,
        atPercentile[0], atPercentile[1], atPercentile[2], atPercentile[3]);
  }

  /** The count a percentile needs, as {@code AbstractHistogram.getValueAtPercentile} works it out. */
  private static long countAtPercentile(double percentile, long count) {
    double requested = Math.min(Math.max(Math.nextAfter(percentile, Double.NEGATIVE_INFINITY),
        0.0D), 100.0D);
    return Math.max((long) Math.ceil((requested * count) / 100.0D), 1);
  }
}
