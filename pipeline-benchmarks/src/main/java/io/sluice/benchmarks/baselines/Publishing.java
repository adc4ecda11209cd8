package io.sluice.benchmarks.baselines;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

/**
 * How the raw Disruptor baselines claim a slot: {@code tryNext()}, and {@code Thread.yield()} while
 * the ring is full, as Sluice's producers do (they back off with spin, yield, then park).
 */
final class Publishing {
  private Publishing() {}

  /** Claims the next slot of a single-producer ring, yielding while it is full. */
  static long claim(RingBuffer<?> ring) {
    while (true) {
      try {
        return ring.tryNext();
      } catch (InsufficientCapacityException full) {
        Thread.yield();
      }
    }
  }
}
