package io.sluice.benchmarks.sluice;

import io.sluice.api.Emitter;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import io.sluice.benchmarks.work.Item;

/**
 * A Sluice source over a prepared array of items, so the source costs what the other systems'
 * producers cost: an array read per record. A fresh instance per run (it holds the read position).
 * Resumable (position: the index of the next item), so the checkpoint benchmark can use it.
 */
public final class ItemSource implements ResumableSource<Item> {
  /** Records emitted per poll: big enough to amortise the call, small enough to stay responsive. */
  private static final int PER_POLL = 1024;

  private final Item[] items;
  private int next;

  /**
   * Creates a source emitting every item of the array in order.
   *
   * @param items the items; not copied
   */
  public ItemSource(Item[] items) {
    this.items = items;
  }

  @Override
  public void openAt(StageContext context, String position) {
    next = Math.toIntExact(ResumableSource.recordCount(context.stageName(), position));
  }

  @Override
  public String position() {
    return Integer.toString(next);
  }

  @Override
  public boolean poll(Emitter<Item> out) {
    int end = Math.min(items.length, next + PER_POLL);
    for (int i = next; i < end; i++) {
      out.emit(items[i]);
    }
    next = end;
    return next < items.length;
  }
}
