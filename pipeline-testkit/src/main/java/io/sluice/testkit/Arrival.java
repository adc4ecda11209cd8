package io.sluice.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One record of a timed input: it arrives {@code delay} after the record before it (or after the
 * start). A list of arrivals scripts an input for virtual time, so a test or property exercises
 * TIME flushes as well as SIZE and END_OF_STREAM ones.
 *
 * @param delay the virtual time between the previous arrival and this one; zero or more
 * @param record the record
 * @param <T> the record type
 */
public record Arrival<T>(Duration delay, T record) {

  /**
   * Creates an arrival.
   *
   * @param delay the time since the previous arrival
   * @param record the record
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public Arrival {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(record, "record");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("an arrival delay must not be negative but was " + delay);
    }
  }

  /**
   * Returns the records of the arrivals, in order.
   *
   * @param arrivals the arrivals
   * @param <T> the record type
   * @return the records
   * @throws NullPointerException if {@code arrivals} is {@code null}
   */
  public static <T> List<T> records(List<Arrival<T>> arrivals) {
    return arrivals.stream().map(Arrival::record).toList();
  }

  /**
   * Plays the arrivals into a source: for each, advances the clock by its delay, then pushes its
   * record. Under a deterministic run every due batch is flushed on the way.
   *
   * @param arrivals the arrivals
   * @param source where the records go
   * @param clock the clock to advance
   * @param <T> the record type
   * @throws NullPointerException if an argument is {@code null}
   */
  public static <T> void replay(List<Arrival<T>> arrivals, TestSource<T> source,
      VirtualClock clock) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(clock, "clock");
    for (Arrival<T> arrival : arrivals) {
      clock.advance(arrival.delay());
      source.push(arrival.record());
    }
  }
}
