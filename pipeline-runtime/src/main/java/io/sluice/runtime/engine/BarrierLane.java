package io.sluice.runtime.engine;

import io.sluice.api.Emitter;

/**
 * What carries a checkpoint barrier along an edge, in order with the edge's records: a direct
 * call ({@link StepInput}), a ring ({@link Outbox}), or several edges of one port ({@link FanOut}).
 */
interface BarrierLane {

  /**
   * Sends the barrier after every record handed on before it.
   *
   * @param barrier the barrier
   */
  void barrier(Barrier barrier);

  /**
   * Sends a barrier along whatever takes an edge's records.
   *
   * @param target an edge's emitter; must be a lane
   * @param barrier the barrier
   * @throws IllegalStateException if the emitter cannot carry barriers (a runner wired an edge
   *     with an emitter of its own)
   */
  static void send(Emitter<Object> target, Barrier barrier) {
    if (!(target instanceof BarrierLane lane)) {
      throw new IllegalStateException("cannot send checkpoint barrier " + barrier.id()
          + " along " + target + ": an edge of a run with checkpoints must be a direct call, an "
          + "outbox or a fan-out");
    }
    lane.barrier(barrier);
  }
}
