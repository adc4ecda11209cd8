package io.sluice.runtime.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits when it has nothing to do (its ring is empty, or the next ring is full): spin
 * briefly, then yield, then park with a growing pause up to {@link #MAX_PARK_NANOS}. On a small
 * machine with more stage threads than cores, spinning alone starves the threads doing the work, and
 * a lock-based wake-up costs every publish; backing off keeps an idle pipeline near zero CPU while a
 * busy one never parks. Not thread-safe: one per thread.
 */
final class Idler {
  static final long MAX_PARK_NANOS = 1_000_000L;
  private static final int SPINS = 64;
  private static final int YIELDS = 64;
  private static final long MIN_PARK_NANOS = 1_000L;

  private int rounds;
  private long park = MIN_PARK_NANOS;

  /** Waits a little, longer each call since the last {@link #reset()}, at most {@code maxNanos}. */
  void idle(long maxNanos) {
    if (rounds < SPINS) {
      rounds++;
      Thread.onSpinWait();
    } else if (rounds < SPINS + YIELDS) {
      rounds++;
      Thread.yield();
    } else {
      LockSupport.parkNanos(Math.max(1L, Math.min(park, maxNanos)));
      park = Math.min(park * 2, MAX_PARK_NANOS);
    }
  }

  void idle() {
    idle(MAX_PARK_NANOS);
  }

  /** Called after useful work, so the next wait starts short again. */
  void reset() {
    rounds = 0;
    park = MIN_PARK_NANOS;
  }
}
