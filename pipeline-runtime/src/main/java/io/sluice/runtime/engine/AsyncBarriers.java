package io.sluice.runtime.engine;

import java.util.ArrayDeque;

/**
 * The checkpoint barriers inside an {@link AsyncNode}. A barrier entering the node first has the
 * launcher flush its batch (reason CHECKPOINT), so that every record before it is in a call; it
 * then waits for the calls queued before it (numbered in start order) and leaves once every one
 * of them completed and its result, or its failure under the error policy, was passed on. Calls
 * queued after it start as slots free up, but an unordered node releases none of them before the
 * barrier left (an ordered one never could), so nothing after a barrier leaves before it.
 * Used on the node's thread.
 */
final class AsyncBarriers {
  /** A barrier inside the node and the number of the first call queued after it. */
  private record Inside(Barrier barrier, long firstAfter) {}

  private final ArrayDeque<Inside> inside = new ArrayDeque<>();
  private BarrierGate.Exit exit;

  /**
   * A barrier entered, after the calls numbered below {@code firstAfter}.
   *
   * @param firstAfter the number the next call queued will get
   */
  void enter(Barrier barrier, long firstAfter, BarrierGate.Exit where) {
    this.exit = where;
    inside.add(new Inside(barrier, firstAfter));
  }

  /** The number of the first call that may not be released yet, or {@code Long.MAX_VALUE}. */
  long releasableBelow() {
    Inside oldest = inside.peek();
    return oldest == null ? Long.MAX_VALUE : oldest.firstAfter();
  }

  boolean isEmpty() {
    return inside.isEmpty();
  }

  /**
   * Lets the oldest barrier out if every call before it was released.
   *
   * @param firstUnreleased the number of the oldest call not released, or {@code Long.MAX_VALUE}
   * @param kept whether the node failed: the barrier is then not passed on
   * @return {@code true} if a barrier left (calls behind it may now be released)
   */
  boolean leaveIfClear(long firstUnreleased, boolean kept) {
    Inside oldest = inside.peek();
    if (oldest == null || firstUnreleased < oldest.firstAfter()) {
      return false;
    }
    inside.poll();
    exit.crossed(oldest.barrier(), kept);
    return true;
  }

  /** Lets every barrier go as kept. */
  void releaseAll() {
    for (Inside left = inside.poll(); left != null; left = inside.poll()) {
      exit.crossed(left.barrier(), true);
    }
  }
}
