package io.sluice.testkit;

import io.sluice.api.PipelineClock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PipelineClock} that stands still until the test moves it, so time flushes happen exactly
 * when a test says. Thread-safe: stage threads may read it while the test advances it.
 */
public final class VirtualClock implements PipelineClock {
  private final AtomicLong now;

  private VirtualClock(long start) {
    this.now = new AtomicLong(start);
  }

  /**
   * Creates a clock at time zero.
   *
   * @return a new clock
   */
  public static VirtualClock create() {
    return new VirtualClock(0L);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param by how far; zero or positive
   * @return the new time in nanoseconds
   * @throws NullPointerException if {@code by} is {@code null}
   * @throws IllegalArgumentException if {@code by} is negative (time never goes back)
   */
  public long advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back, but advance was given " + by);
    }
    return now.addAndGet(by.toNanos());
  }

  @Override
  public String toString() {
    return "VirtualClock at " + Duration.ofNanos(now.get());
  }
}
