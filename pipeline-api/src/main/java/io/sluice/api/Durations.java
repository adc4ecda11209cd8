package io.sluice.api;

import java.time.Duration;

/** Formats durations the way people write them in code reviews: 200ms, 5s, 1m30s. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    if (d.isNegative()) {
      return d.toString(); // only ever printed as a bad value: ISO-8601 says it plainly
    }
    if (d.getNano() == 0 && d.getSeconds() >= 60) {
      return wholeSeconds(d.getSeconds()); // exact at any size, no toNanos() overflow
    }
    if (d.compareTo(Duration.ofDays(365)) > 0) {
      return d.toString();
    }
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    if (nanos % 1_000L == 0) {
      return nanos / 1_000L + "us";
    }
    return nanos + "ns";
  }

  /** {@code 1d2h3m4s}, leaving out the units that are zero: {@code 24h} is {@code 1d}. */
  private static String wholeSeconds(long seconds) {
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder text = new StringBuilder();
    long left = seconds;
    for (int i = 0; i < sizes.length; i++) {
      if (left >= sizes[i]) {
        text.append(left / sizes[i]).append(units[i]);
        left %= sizes[i];
      }
    }
    return text.toString();
  }
}
