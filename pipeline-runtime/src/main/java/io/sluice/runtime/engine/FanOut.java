package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import java.util.List;

/** One output port feeding several nodes: each gets every record, in the order of the edges. */
final class FanOut implements Emitter<Object> {
  private final Emitter<Object>[] targets;

  @SuppressWarnings("unchecked")
  FanOut(List<Emitter<Object>> targets) {
    this.targets = targets.toArray(new Emitter[0]);
  }

  @Override
  public void emit(Object record) {
    for (Emitter<Object> target : targets) {
      target.emit(record);
    }
  }
}
