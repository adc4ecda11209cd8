package io.sluice.testkit;

import io.sluice.api.PipelineClock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PipelineClock} that stands still until the test moves it, so time flushes happen exactly
 * when a test says.
 *
 * <p>Give it to a pipeline with {@code pipeline.withClock(clock)} (the real runtime's stage threads
 * then see each advance on their next deadline check), or run the pipeline with a
 * {@link DeterministicRunner} or {@link StageHarness} on this clock: then {@link #advance} itself
 * flushes, on the calling thread and before it returns, every batch that falls due. It does so in
 * time order: it steps to each due deadline in turn and flushes the due batches in pipeline order,
 * so a batch flushed at 1 s that starts a downstream batch with a 2 s wait is flushed again at 3 s
 * within the same {@code advance(Duration.ofSeconds(10))}.
 *
 * <p>Thread-safe: stage threads may read it while a test advances it. Advances are serialised.
 */
public final class VirtualClock implements PipelineClock {
  private final AtomicLong now;
  private final List<TimeDriven> driven = new CopyOnWriteArrayList<>();
  private boolean advancing;

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
   * Moves the clock forward, flushing on the calling thread every batch of a deterministic run or
   * harness on this clock that falls due on the way.
   *
   * @param by how far; zero or positive
   * @return the new time in nanoseconds
   * @throws NullPointerException if {@code by} is {@code null}
   * @throws IllegalArgumentException if {@code by} is negative (time never goes back) or would take
   *     the clock past {@code Long.MAX_VALUE} nanoseconds
   * @throws IllegalStateException if called from inside a flush that an advance triggered, or from
   *     a stage while a deterministic run is processing
   */
  public synchronized long advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back, but advance was given " + by);
    }
    if (advancing) {
      throw new IllegalStateException("the virtual clock was advanced from inside a flush that an "
          + "advance triggered; advance it from the test, not from a stage");
    }
    long target;
    try {
      target = Math.addExact(now.get(), by.toNanos());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("advancing " + this + " by " + by
          + " would overflow the clock", e);
    }
    advancing = true;
    try {
      stepThroughDeadlines(target);
      now.set(target);
      for (TimeDriven d : driven) {
        d.advanced(target);
      }
    } finally {
      advancing = false;
    }
    return target;
  }

  /** Steps to each deadline up to {@code target} in time order and fires what is due there. */
  private void stepThroughDeadlines(long target) {
    while (true) {
      long due = Long.MAX_VALUE;
      for (TimeDriven d : driven) {
        due = Math.min(due, d.nextDeadline());
      }
      if (due > target) {
        return;
      }
      long at = Math.max(due, now.get());
      now.set(at);
      for (TimeDriven d : driven) {
        d.fireDue(at);
      }
      for (TimeDriven d : driven) {
        if (d.nextDeadline() <= at) {
          throw new IllegalStateException("a batch due at " + Duration.ofNanos(at)
              + " was not flushed by " + d);
        }
      }
    }
  }

  void register(TimeDriven d) {
    driven.add(d);
  }

  void unregister(TimeDriven d) {
    driven.remove(d);
  }

  @Override
  public String toString() {
    return "VirtualClock at " + Duration.ofNanos(now.get());
  }
}
