package io.sluice.testkit;

/**
 * Something a {@link VirtualClock} drives: a deterministic run or a stage harness whose batches
 * fall due at virtual deadlines. Called only on the thread that advances the clock.
 */
interface TimeDriven {

  /** Returns the earliest pending deadline in clock nanoseconds, or {@code Long.MAX_VALUE}. */
  long nextDeadline();

  /** Flushes, with reason TIME, every batch whose deadline is at or before {@code now}. */
  void fireDue(long now);

  /** Called once the clock has reached the end of an advance, after every due flush. */
  void advanced(long now);
}
