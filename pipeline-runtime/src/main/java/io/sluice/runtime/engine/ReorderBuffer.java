package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts what the workers of an ordered node settle back into input order. Every input gets a
 * sequence number when the node takes it; a result marks its inputs done and attaches its
 * outputs to the last of them; outputs leave once every input before them is done. Bounded: the
 * node takes a new input only while fewer than {@code capacity} are unreleased ({@link #hasRoom}),
 * so a slow worker holds the input back instead of growing the buffer. Its slots grow (doubling)
 * with the inputs actually unreleased, up to the capacity, so a capacity sized for huge batches
 * costs memory only when that many records are in flight. Used by one thread.
 */
final class ReorderBuffer {
  /** The most slots an array can have. */
  static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;
  private static final int FIRST_SLOTS = 1024;

  private final int capacity;
  private boolean[] done;
  private Object[] outputs;
  private long next;
  private long taken;

  ReorderBuffer(int capacity) {
    Preconditions.checkArgument(capacity >= 1 && capacity <= MAX_CAPACITY,
        "reorder capacity must be between 1 and %s but was %s", MAX_CAPACITY, capacity);
    this.capacity = capacity;
    this.done = new boolean[Math.min(capacity, FIRST_SLOTS)];
    this.outputs = new Object[done.length];
  }

  /** Gives the next input its sequence number; call only when {@link #hasRoom()}. */
  long assign() {
    if (taken - next == done.length) {
      grow();
    }
    return taken++;
  }

  /** Doubles the slots (up to the capacity), moving each unreleased input to its new slot. */
  private void grow() {
    int slots = (int) Math.min(capacity, 2L * done.length);
    boolean[] moreDone = new boolean[slots];
    Object[] moreOutputs = new Object[slots];
    for (long seq = next; seq < taken; seq++) {
      moreDone[(int) (seq % slots)] = done[(int) (seq % done.length)];
      moreOutputs[(int) (seq % slots)] = outputs[(int) (seq % done.length)];
    }
    done = moreDone;
    outputs = moreOutputs;
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
      done[(int) (seq % done.length)] = true;
    }
    if (!result.outputs().isEmpty()) {
      outputs[(int) (seqs[seqs.length - 1] % done.length)] = result.outputs();
    }
    while (next < taken && done[(int) (next % done.length)]) {
      int slot = (int) (next % done.length);
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
