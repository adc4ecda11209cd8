package io.sluice.benchmarks.latency;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Pushes probes at a steady rate from the calling thread: parks while the next push is far off,
 * yields when it is near (a spinning producer would take a core from the system measured on a
 * 2-core machine), pushes back to back to catch up when late. Stamps are taken at the actual push,
 * so a system that blocks its producer shows the wait in its end-to-end time.
 */
final class Pacer {
  private static final long PARK_IF_AHEAD = 150_000;
  private static final long WAKE_EARLY = 100_000;

  private Pacer() {}

  /**
   * Pushes for {@code warmupNanos + measureNanos} at {@code perSecond}; measuring starts after
   * the warm-up.
   *
   * @return probes pushed
   */
  static long run(Consumer<Probe> system, Pool pool, double perSecond, long warmupNanos,
      long measureNanos, Recorder recorder) {
    double interval = 1e9 / perSecond;
    long start = System.nanoTime();
    long end = start + warmupNanos + measureNanos;
    long sent = 0;
    boolean measuring = false;
    while (true) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        return sent;
      }
      if (!measuring && now - start >= warmupNanos) {
        recorder.startMeasuring();
        measuring = true;
      }
      long ahead = start + (long) (sent * interval) - now;
      if (ahead > PARK_IF_AHEAD) {
        LockSupport.parkNanos(ahead - WAKE_EARLY);
      } else if (ahead > 0) {
        Thread.yield();
      } else {
        system.accept(pool.take());
        sent++;
      }
    }
  }

  /** Waits (parking in 100 µs steps) until {@code arrived} reaches {@code target}. */
  static void awaitArrivals(LongSupplier arrived, long target) {
    while (arrived.getAsLong() < target) {
      LockSupport.parkNanos(100_000);
    }
  }
}
