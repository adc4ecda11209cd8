package io.sluice.runtime.engine;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a thread waits when it has nothing to do (its ring is empty, or the next ring is full): spin
 * briefly, then yield, then park. On a small machine with more stage threads than cores, spinning
 * alone starves the threads doing the work; backing off keeps an idle pipeline near zero CPU while
 * a busy one never parks.
 *
 * <p>A wait with a {@link Doorbell}, once short parks add up to about 30 µs, parks until the other
 * side rings (a consumer whose producer publishes, a producer whose consumer frees room), so a
 * parked thread wakes within an unpark, not after its park runs out, and can park long
 * ({@link #BELL_PARK_NANOS}: the bound only paces the checks for a stopped run). A wait without one (a producer waiting for room, a source whose poll
 * gave nothing) parks with a pause that doubles up to a cap: {@link #MAX_PARK_NANOS} unless the
 * idler was made with another. Not thread-safe: one per thread.
 */
final class Idler {
  static final long MAX_PARK_NANOS = 1_000_000L;
  /** The longest park with a doorbell: how often an idle thread checks whether the run stopped. */
  static final long BELL_PARK_NANOS = 50_000_000L;
  /**
   * The park length from which a wait with a doorbell sleeps on it: before, the thread parks for
   * 1, 2, 4, ... µs (about 30 µs in all), so that under load, when waits are short, publishing
   * never costs an unpark; after, it is woken by the publish.
   */
  static final long BELL_AFTER_NANOS = 32_000L;
  private static final int SPINS = 64;
  private static final int YIELDS = 64;
  private static final long MIN_PARK_NANOS = 1_000L;

  private final long maxPark;
  private int rounds;
  private long park = MIN_PARK_NANOS;

  /** An idler whose parks without a doorbell grow up to {@link #MAX_PARK_NANOS}. */
  Idler() {
    this(MAX_PARK_NANOS);
  }

  /**
   * An idler whose parks without a doorbell grow up to {@code maxPark}.
   *
   * @param maxPark the longest such park, in nanoseconds
   */
  Idler(long maxPark) {
    this.maxPark = maxPark;
  }

  /** Waits a little, longer each call since the last {@link #reset()}, at most {@code maxNanos}. */
  void idle(long maxNanos) {
    if (backOff()) {
      LockSupport.parkNanos(Math.max(1L, Math.min(park, maxNanos)));
      park = Math.min(park * 2, maxPark);
    }
  }

  void idle() {
    idle(maxPark);
  }

  /**
   * Waits a little; once spinning and yielding are over, parks on {@code bell} until it rings or
   * {@code maxNanos} pass (at most {@link #BELL_PARK_NANOS}), unless {@code ready} turns true.
   */
  void idle(long maxNanos, Doorbell bell, BooleanSupplier ready) {
    if (!backOff()) {
      return;
    }
    if (park < BELL_AFTER_NANOS) {
      // briefly idle: short timed parks, so a busy peer never pays for waking us
      LockSupport.parkNanos(Math.max(1L, Math.min(park, maxNanos)));
      park <<= 1;
    } else {
      bell.sleep(Math.max(1L, Math.min(maxNanos, BELL_PARK_NANOS)), ready);
    }
  }

  /** Spins, then yields; returns {@code true} once it is time to park. */
  private boolean backOff() {
    if (rounds < SPINS) {
      rounds++;
      Thread.onSpinWait();
      return false;
    }
    if (rounds < SPINS + YIELDS) {
      rounds++;
      Thread.yield();
      return false;
    }
    return true;
  }

  /** Called after useful work, so the next wait starts short again. */
  void reset() {
    rounds = 0;
    park = MIN_PARK_NANOS;
  }
}
