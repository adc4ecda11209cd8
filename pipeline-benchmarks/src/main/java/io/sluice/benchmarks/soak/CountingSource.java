package io.sluice.benchmarks.soak;

import io.sluice.api.Emitter;
import io.sluice.api.Source;
import io.sluice.benchmarks.work.Item;

/**
 * Emits {@code count} new items numbered from 0, made as they are emitted: the soak run's input
 * must not live in memory all at once.
 */
final class CountingSource implements Source<Item> {
  private static final int PER_POLL = 1024;
  private final long count;
  private long next;

  CountingSource(long count) {
    this.count = count;
  }

  @Override
  public boolean poll(Emitter<Item> out) {
    long end = Math.min(count, next + PER_POLL);
    for (long i = next; i < end; i++) {
      out.emit(new Item(i));
    }
    next = end;
    return next < count;
  }
}
