package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;

/**
 * One ring slot: up to {@code items.length} records handed from one thread to the next in a single
 * claim and publish, or an end-of-stream signal, or a checkpoint barrier. Preallocated with the
 * ring and reused, so the hot path allocates nothing.
 */
final class Chunk {
  final Object[] items;
  int size;
  /** {@code null} for a data chunk; the reason the stream ended for a signal. */
  FlushReason end;
  /** {@code null} unless the chunk carries a checkpoint barrier (and no record). */
  Barrier barrier;
  EdgeCount edge; // the edge the records travel along; set by whoever fills the chunk

  Chunk(int capacity) {
    this.items = new Object[capacity];
  }
}
