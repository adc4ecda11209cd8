package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import java.util.List;

/**
 * One output port feeding several nodes: each gets every record, in the order of the edges. If a
 * stop interrupts the hand-over, the record is counted stranded on each edge it had not reached,
 * so every edge still carries what the port emitted.
 */
final class FanOut implements Emitter<Object>, BarrierLane {
  private final Emitter<Object>[] targets;
  private final EdgeCount[] edges;

  @SuppressWarnings("unchecked")
  FanOut(List<Emitter<Object>> targets, List<EdgeCount> edges) {
    this.targets = targets.toArray(new Emitter[0]);
    this.edges = edges.toArray(new EdgeCount[0]);
  }

  @Override
  public void emit(Object record) {
    int i = 0;
    try {
      for (; i < targets.length; i++) {
        targets[i].emit(record);
      }
    } catch (Stopped stopped) {
      for (int j = i + 1; j < edges.length; j++) {
        edges[j].stranded++;
      }
      throw stopped;
    }
  }

  @Override
  public void barrier(Barrier barrier) {
    for (Emitter<Object> target : targets) {
      BarrierLane.send(target, barrier);
    }
  }
}
