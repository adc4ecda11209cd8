package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Sink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The checkpoint barriers inside a {@link ParallelNode}. A barrier entering the node is queued to
 * every worker behind the records routed to it before; each worker flushes its batch (reason
 * CHECKPOINT) when it gets there and marks the result that settles its last records before the
 * barrier ({@link Lane#passBarrier}). Each result carries how many barriers its worker had
 * passed: a result from beyond a barrier still inside the node is held back, so nothing after a
 * barrier leaves before it. Once every worker passed the oldest barrier, every record before it
 * was settled and released (an ordered node's reorder buffer then holds nothing before it,
 * since what comes after is held here, not there): a parallel sink commits (its one thread-safe
 * instance, once, on the node's thread), the barrier leaves, and what was held is released.
 * Used on the node's thread.
 */
final class LaneBarriers {
  /** A barrier inside the node and the workers that passed it. */
  private static final class Crossing {
    final Barrier barrier;
    int passed;
    boolean kept;

    Crossing(Barrier barrier) {
      this.barrier = barrier;
    }
  }

  private final String stage;
  private final int workers;
  /** The shared instance of a parallel sink, which commits for the node; {@code null} if none. */
  private final Sink<?> sink;
  private final RunControl control;
  private final ArrayDeque<Crossing> inside = new ArrayDeque<>();
  private final ArrayDeque<LaneResult> held = new ArrayDeque<>();
  private long heldInputs;
  private long crossed;
  private boolean commitFailed;
  private BarrierGate.Exit exit;

  LaneBarriers(String stage, int workers, Sink<?> sink, RunControl control) {
    this.stage = stage;
    this.workers = workers;
    this.sink = sink;
    this.control = control;
  }

  /** A barrier entered the node: it is queued to every worker next. */
  void enter(Barrier barrier, BarrierGate.Exit where) {
    this.exit = where;
    inside.add(new Crossing(barrier));
  }

  /** Inputs whose results wait behind a barrier: they count against the node's room. */
  long heldInputs() {
    return heldInputs;
  }

  /** Tells whether nothing waits behind a barrier. */
  boolean isEmpty() {
    return inside.isEmpty() && held.isEmpty();
  }

  /**
   * Holds a result from beyond a barrier still inside the node.
   *
   * @return {@code true} if held: release it later, not now
   */
  boolean holds(LaneResult result) {
    if (result.epoch() <= crossed) {
      return false;
    }
    held.add(result);
    heldInputs += result.seqs().length;
    return true;
  }

  /**
   * A released result that marks its worker's passing of a barrier: once every worker passed
   * the oldest barrier, lets it out and releases, through {@code release}, what it held back.
   */
  void passed(LaneResult marker, Consumer<LaneResult> release) {
    Crossing oldest = inside.peek();
    Preconditions.checkState(oldest != null && oldest.barrier.equals(marker.barrier()),
        "stage '%s': worker %s passed barrier %s, but the oldest inside is %s", stage,
        marker.lane() + 1, marker.barrier(), oldest == null ? "none" : oldest.barrier);
    oldest.passed++;
    oldest.kept |= marker.kept();
    while (!inside.isEmpty() && inside.peek().passed == workers) {
      leave(inside.poll(), release);
    }
  }

  /** Lets every barrier inside go as kept and releases what waited behind them. */
  void releaseAll(Consumer<LaneResult> release) {
    while (!inside.isEmpty()) {
      Crossing crossing = inside.poll();
      crossing.kept = true;
      leave(crossing, release);
    }
  }

  private void leave(Crossing crossing, Consumer<LaneResult> release) {
    crossed++;
    boolean kept = crossing.kept || control.hasFailed() || !commit(crossing.barrier);
    exit.crossed(crossing.barrier, kept);
    List<LaneResult> again = new ArrayList<>(held); // in the order they came; some may wait again
    held.clear();
    heldInputs = 0;
    again.forEach(release);
  }

  private boolean commit(Barrier barrier) {
    if (sink == null) {
      return true;
    }
    if (commitFailed) {
      return false;
    }
    try {
      sink.onCheckpoint(barrier.id());
      return true;
    } catch (Throwable e) {
      commitFailed = true;
      if (!control.isStopped()) {
        control.fail(stage, null, null, e, "its onCheckpoint(" + barrier.id() + ") failed");
      }
      return false;
    }
  }
}
