package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import java.util.List;

/**
 * Connects two steps fused on one thread: what the upstream step emits goes straight into the
 * downstream step's {@link Step#accept}, with no ring in between. The downstream step counts the
 * record as received, so every step of a fused group keeps its own accounting.
 */
public final class StepInput implements Emitter<Object> {
  private final Step next;

  /**
   * Creates the connection.
   *
   * @param next the step that takes the records
   */
  public StepInput(Step next) {
    this.next = next;
  }

  /**
   * Connects each step of a fused group to the next, and the last to {@code out}.
   *
   * @param steps the steps of one thread, in pipeline order
   * @param out where the last step emits, or {@code null} when it is a sink
   */
  public static void chain(List<Step> steps, Emitter<Object> out) {
    for (int i = 0; i + 1 < steps.size(); i++) {
      steps.get(i).connect(new StepInput(steps.get(i + 1)));
    }
    if (out != null && !steps.isEmpty()) {
      steps.get(steps.size() - 1).connect(out);
    }
  }

  @Override
  public void emit(Object record) {
    next.accept(record);
  }
}
