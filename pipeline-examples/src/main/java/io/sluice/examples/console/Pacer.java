package io.sluice.examples.console;

import java.util.concurrent.locks.LockSupport;

/** Spaces out a feed to a target rate, to simulate a live source; a rate of 0 means no pacing. */
public final class Pacer {
  private final long intervalNanos;
  private final long startNanos = System.nanoTime();

  /**
   * Starts pacing now.
   *
   * @param perSecond records per second; 0 for no pacing
   * @throws IllegalArgumentException if {@code perSecond} is negative
   */
  public Pacer(long perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("a rate cannot be negative but was " + perSecond);
    }
    this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, 1_000_000_000L / perSecond);
  }

  /**
   * Tells whether the {@code index}-th record (from 0) is due.
   *
   * @param index the record's position in the feed
   * @return {@code true} if it may go now
   */
  public boolean isDue(long index) {
    return intervalNanos == 0 || System.nanoTime() - (startNanos + index * intervalNanos) >= 0;
  }

  /**
   * Waits until the {@code index}-th record (from 0) is due.
   *
   * @param index the record's position in the feed
   */
  public void awaitTurn(long index) {
    if (intervalNanos == 0) {
      return;
    }
    long due = startNanos + index * intervalNanos;
    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }
}
