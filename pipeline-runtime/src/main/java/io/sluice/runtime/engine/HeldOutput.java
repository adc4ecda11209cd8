package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import java.util.ArrayList;

/**
 * The emitter a {@code processBatch} call gets when the error policy may call the batch again: it
 * keeps what the stage emits until the call returns, then the step passes it on; if the call
 * throws, it is dropped. Reused from call to call, so it allocates only when it must grow.
 */
final class HeldOutput implements Emitter<Object> {
  /** The largest buffer kept for the next call; a bigger one is let go after use. */
  private static final int MAX_KEPT = 1 << 16;

  private final Step step;
  private ArrayList<Object> records = new ArrayList<>();

  HeldOutput(Step step) {
    this.step = step;
  }

  @Override
  public void emit(Object record) {
    step.guard();
    if (record == null) {
      throw new NullPointerException("stage '" + step.name() + "' emitted null");
    }
    records.add(record);
  }

  /** Passes the held records on, in order; returns how many. */
  long forward() {
    int n = records.size();
    try {
      for (int i = 0; i < n; i++) {
        step.pass(records.get(i));
      }
    } finally {
      drop();
    }
    return n;
  }

  void drop() {
    if (records.size() > MAX_KEPT) {
      records = new ArrayList<>();
    } else {
      records.clear();
    }
  }
}
