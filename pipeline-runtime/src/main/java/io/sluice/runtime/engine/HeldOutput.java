package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.SideOutput;
import java.util.ArrayList;

/**
 * The emitter a {@code processBatch} call gets when the error policy may call the batch again: it
 * keeps what the stage emits until the call returns, then the step passes it on; if the call
 * throws, it is dropped. Records emitted to a side output are held with their port, in the same
 * order, and an unconnected side output throws at once, inside the call, like any failure of it.
 * Reused from call to call, so it allocates only when it must grow.
 */
final class HeldOutput implements Emitter<Object> {
  /** The largest buffer kept for the next call; a bigger one is let go after use. */
  private static final int MAX_KEPT = 1 << 16;

  private final Step step;
  private ArrayList<Object> records = new ArrayList<>();
  /** The side output of each held record, {@code null} for the main output. */
  private ArrayList<String> ports = new ArrayList<>();

  HeldOutput(Step step) {
    this.step = step;
  }

  @Override
  public void emit(Object record) {
    step.path().guard();
    if (record == null) {
      throw new NullPointerException("stage '" + step.name() + "' emitted null");
    }
    records.add(record);
    ports.add(null);
  }

  @Override
  public <X> void emit(SideOutput<X> output, X record) {
    step.path().guard();
    if (output == null || record == null) {
      throw new NullPointerException("stage '" + step.name() + "' emitted "
          + (output == null ? "to a null side output" : "null to " + output));
    }
    step.path().requireSide(output.name());
    records.add(record);
    ports.add(output.name());
  }

  /** Passes the held records on, in order; returns how many. */
  long forward() {
    int n = records.size();
    try {
      for (int i = 0; i < n; i++) {
        String port = ports.get(i);
        if (port == null) {
          step.pass(records.get(i));
        } else {
          step.passSide(port, records.get(i));
        }
      }
    } finally {
      drop();
    }
    return n;
  }

  void drop() {
    if (records.size() > MAX_KEPT) {
      records = new ArrayList<>();
      ports = new ArrayList<>();
    } else {
      records.clear();
      ports.clear();
    }
  }
}
