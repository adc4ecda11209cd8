package io.sluice.api;

/**
 * The time source of a run. Batching deadlines are measured with it, so a test can substitute a
 * virtual clock and drive time flushes deterministically.
 */
@FunctionalInterface
public interface PipelineClock {

  /**
   * Returns the current time in nanoseconds, from an arbitrary origin, never decreasing.
   *
   * @return the current time in nanoseconds
   */
  long nanoTime();

  /**
   * Returns the clock backed by {@link System#nanoTime()}.
   *
   * @return the system clock
   */
  static PipelineClock system() {
    return SystemClock.INSTANCE;
  }
}

/** The default clock; a named type so it prints as "system". */
enum SystemClock implements PipelineClock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "system";
  }
}
