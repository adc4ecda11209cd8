package io.sluice.api;

import java.util.Objects;

/**
 * A named extra output of a stage, besides its main one: rejects, alerts, late records. A stage
 * emits to it with {@link Emitter#emit(SideOutput, Object)}; the pipeline connects it to a branch
 * with {@link PipelineBuilder#sideOutput(SideOutput, java.util.function.Function)} or
 * {@link PipelineBuilder#sideOutputTo(SideOutput, String, Sink)}. Records a stage emits to a side
 * output nothing is connected to fail the call like any other exception of the stage.
 *
 * <pre>{@code
 * static final SideOutput<Alert> ALERTS = SideOutput.of("alerts", Alert.class);
 * ...
 * public void process(Tx tx, Emitter<Tx> out) {
 *   if (rules.suspicious(tx)) out.emit(ALERTS, new Alert(tx));
 *   out.emit(tx);
 * }
 * }</pre>
 *
 * <p>Immutable; two side outputs are equal when their names and types are.
 *
 * @param <T> the type of the records emitted to it
 */
public final class SideOutput<T> {
  private final String name;
  private final Class<T> type;

  private SideOutput(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  /**
   * Declares a side output.
   *
   * @param name 1-64 letters, digits, '_', '.' or '-'; not {@value Port#MAIN}, the main output's
   *     name
   * @param type the type of its records, for checks and messages
   * @param <T> the record type
   * @return the side output
   * @throws NullPointerException if {@code type} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or {@value Port#MAIN}
   */
  public static <T> SideOutput<T> of(String name, Class<T> type) {
    Checks.name(name, "side output");
    Checks.check(!Port.MAIN.equals(name),
        "side output name '%s' is the name of every stage's main output; choose another", name);
    return new SideOutput<>(name, Checks.notNull(type, "type of side output '" + name + "'"));
  }

  /**
   * Returns the side output's name, which is its port name in the blueprint.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the type of its records.
   *
   * @return the type
   */
  public Class<T> type() {
    return type;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SideOutput<?> o && name.equals(o.name) && type.equals(o.type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type);
  }

  @Override
  public String toString() {
    return "SideOutput " + name + " (" + type.getSimpleName() + ")";
  }
}
