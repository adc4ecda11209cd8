package io.sluice.benchmarks.baselines;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/** The Disruptor wait strategies the raw baselines run with: how a consumer waits for events. */
public enum Wait {
  /** Spins a hundred times, then {@code Thread.yield()}: low latency, burns an idle core. */
  YIELDING,
  /** A lock and condition: cheap when idle, but every publish signals under the lock. */
  BLOCKING;

  /**
   * Makes a new strategy instance; each ring needs its own (the blocking one holds a lock).
   *
   * @return the strategy
   */
  public WaitStrategy create() {
    return this == YIELDING ? new YieldingWaitStrategy() : new BlockingWaitStrategy();
  }
}
