package io.sluice.benchmarks.latency;

import io.sluice.benchmarks.report.Markdown;
import org.HdrHistogram.Histogram;

/** How latencies are written in the report: µs under 10 ms, ms above. */
final class LatencyTable {
  private LatencyTable() {}

  static String time(double nanos) {
    if (nanos >= 10_000_000) {
      return Markdown.decimal(nanos / 1e6, 0) + " ms";
    }
    if (nanos >= 1_000_000) {
      return Markdown.decimal(nanos / 1e6, 2) + " ms";
    }
    return Markdown.decimal(nanos / 1e3, nanos >= 100_000 ? 0 : 1) + " µs";
  }

  static String p(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? "n/a"
        : time(histogram.getValueAtPercentile(percentile));
  }

  static String max(Histogram histogram) {
    return histogram.getTotalCount() == 0 ? "n/a" : time(histogram.getMaxValue());
  }

  static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }
}
