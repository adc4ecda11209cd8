package io.sluice.api;

import java.time.Duration;

/** Formats durations the way people write them in code reviews: 200ms, 5s, 1m30s. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    if (d.abs().compareTo(Duration.ofDays(365)) > 0) {
      return d.toString(); // toNanos() would overflow for the absurd values we must still print
    }
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0 && nanos >= 60_000_000_000L) {
      long s = nanos / 1_000_000_000L;
      return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
    }
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
}
