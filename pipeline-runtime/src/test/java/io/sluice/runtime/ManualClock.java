package io.sluice.runtime;

import io.sluice.api.PipelineClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when the test says so, and counts how often it was read: a batching
 * stage reads it when the first record of a batch arrives, which tells a test that it did.
 */
final class ManualClock implements PipelineClock {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong reads = new AtomicLong();

  @Override
  public long nanoTime() {
    reads.incrementAndGet();
    return now.get();
  }

  void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  long reads() {
    return reads.get();
  }
}
