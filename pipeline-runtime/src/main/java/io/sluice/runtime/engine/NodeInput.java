package io.sluice.runtime.engine;

import io.sluice.api.Emitter;

/**
 * The inline input of a concurrent node along one edge (how the deterministic runner feeds it):
 * records go to the node, a checkpoint barrier to the node's summary step, which aligns it over
 * the node's inputs and hands it to the node ({@link BarrierGate}).
 */
final class NodeInput implements Emitter<Object>, BarrierLane {
  private final Step summary;
  private final EdgeCount count;
  private final Emitter<Object> records;

  NodeInput(Step summary, EdgeCount count, Emitter<Object> records) {
    this.summary = summary;
    this.count = count;
    this.records = records;
  }

  @Override
  public void emit(Object record) {
    records.emit(record);
  }

  @Override
  public void barrier(Barrier barrier) {
    summary.barriers().arrived(count, barrier);
  }
}
