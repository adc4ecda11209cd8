package io.sluice.benchmarks.sluice;

import io.sluice.api.Emitter;
import io.sluice.api.Source;
import io.sluice.benchmarks.work.Item;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A never-ending source that emits only what another thread has permitted, cycling through a
 * prepared array of items: it keeps a pipeline's threads alive between benchmark operations, so
 * each operation measures the steady state (no thread start, no ring allocation). While nothing is
 * permitted it emits nothing and the runner idles it; it ends when the pipeline is closed.
 */
public final class GatedSource implements Source<Item> {
  private static final int PER_POLL = 1024;

  private final Item[] items;
  private final AtomicLong permitted = new AtomicLong();
  private long emitted;

  /**
   * Creates the source.
   *
   * @param items the records to cycle through; not copied
   */
  public GatedSource(Item[] items) {
    this.items = items;
  }

  /**
   * Lets the source emit {@code count} more records; callable from any thread.
   *
   * @param count how many
   */
  public void permit(long count) {
    permitted.addAndGet(count);
  }

  @Override
  public boolean poll(Emitter<Item> out) {
    long end = Math.min(permitted.get(), emitted + PER_POLL);
    for (long i = emitted; i < end; i++) {
      out.emit(items[(int) (i % items.length)]);
    }
    emitted = end;
    return true;
  }
}
