package io.sluice.runtime.engine;

import java.util.List;
import java.util.function.Consumer;

/**
 * Puts what the workers of an ordered node settle back into input order. Every input gets a
 * sequence number when the node takes it; a result marks its inputs done and attaches its
 * outputs to the last of them; outputs leave once every input before them is done. Bounded: the
 * node takes a new input only while fewer than {@code capacity} are unreleased ({@link #hasRoom}),
 * so a slow worker holds the input back instead of growing the buffer. Used by one thread.
 */
final class ReorderBuffer {
  private final int capacity;
  private final boolean[] done;
  private final Object[] outputs;
  private long next;
  private long taken;

  ReorderBuffer(int capacity) {
    this.capacity = capacity;
    this.done = new boolean[capacity];
    this.outputs = new Object[capacity];
  }

  /** Gives the next input its sequence number; call only when {@link #hasRoom()}. */
  long assign() {
    return taken++;
  }

  boolean hasRoom() {
    return taken - next < capacity;
  }

  /** Inputs taken and not yet released. */
  long waiting() {
    return taken - next;
  }

  /** Marks a result's inputs done and releases, in input order, every output now due. */
  @SuppressWarnings("unchecked")
  void settle(LaneResult result, Consumer<List<Object>> release) {
    long[] seqs = result.seqs();
    if (seqs.length == 0) {
      if (!result.outputs().isEmpty()) {
        release.accept(result.outputs()); // emitted by no input's call (a close): nothing to wait
      }
      return;
    }
    for (long seq : seqs) {
      done[(int) (seq % capacity)] = true;
    }
    if (!result.outputs().isEmpty()) {
      outputs[(int) (seqs[seqs.length - 1] % capacity)] = result.outputs();
    }
    while (next < taken && done[(int) (next % capacity)]) {
      int slot = (int) (next % capacity);
      Object out = outputs[slot];
      done[slot] = false;
      outputs[slot] = null;
      next++;
      if (out != null) {
        release.accept((List<Object>) out);
      }
    }
  }
}
