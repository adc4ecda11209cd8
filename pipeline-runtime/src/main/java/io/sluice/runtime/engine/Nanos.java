package io.sluice.runtime.engine;

/** Arithmetic on clock readings in nanoseconds, where "far future" must not wrap to the past. */
public final class Nanos {
  private Nanos() {}

  /**
   * Adds a duration to a clock reading, saturating at {@code Long.MAX_VALUE - 1} instead of
   * overflowing, so a huge wait stays in the future ({@code Long.MAX_VALUE} itself means "never"
   * for deadlines).
   *
   * @param time a clock reading
   * @param nanos a duration, not negative
   * @return {@code time + nanos}, or {@code Long.MAX_VALUE - 1} if that overflows
   */
  public static long saturatedAdd(long time, long nanos) {
    long sum = time + nanos;
    return ((time ^ sum) & (nanos ^ sum)) < 0 ? Long.MAX_VALUE - 1 : sum;
  }
}
