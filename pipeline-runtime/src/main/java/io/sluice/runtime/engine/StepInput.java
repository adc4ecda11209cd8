package io.sluice.runtime.engine;

import io.sluice.api.Emitter;

/**
 * The emitter that hands records to a step by a direct call on the same thread: how a fused step,
 * and every step of a deterministic run, receives records along an edge.
 */
final class StepInput implements Emitter<Object>, BarrierLane {
  private final Step next;
  private final EdgeCount count;

  StepInput(Step next, EdgeCount count) {
    this.next = next;
    this.count = count;
  }

  /** The step the records go to. */
  Step target() {
    return next;
  }

  /** The edge the records travel along. */
  EdgeCount edge() {
    return count;
  }

  @Override
  public void emit(Object record) {
    count.received++;
    next.accept(record);
  }

  @Override
  public void barrier(Barrier barrier) {
    next.barriers().arrived(count, barrier);
  }
}
