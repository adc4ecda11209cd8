package io.sluice.benchmarks.sluice;

import io.sluice.api.Sink;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A checksum sink whose progress another thread can watch while the pipeline runs: after each
 * record it publishes the count with a release store, so a reader that sees the count also sees
 * the checksum that goes with it.
 */
public final class WatchedSink implements Sink<Item> {
  private final Checksum checksum = new Checksum();
  private final AtomicLong delivered = new AtomicLong();

  @Override
  public void write(Item record) {
    checksum.add(record);
    delivered.lazySet(checksum.count());
  }

  /**
   * Returns the records written so far; callable from any thread.
   *
   * @return the count
   */
  public long delivered() {
    return delivered.get();
  }

  /**
   * Returns the sum of the records written so far; read it after {@link #delivered()} has shown
   * the count it must go with.
   *
   * @return the sum of {@code tripled}
   */
  public long sum() {
    return checksum.sum();
  }
}
