package io.sluice.api;

/**
 * An output of a node of the graph: a stage's main output ({@value #MAIN}) or one of its
 * {@linkplain SideOutput side outputs}. A node reads from one or more ports; a port feeds one or
 * more nodes (each gets every record: a broadcast).
 *
 * @param stage the name of the node the port belongs to
 * @param name the port's name: {@value #MAIN} or a side output's name
 */
public record Port(String stage, String name) {

  /** The name of every node's main output, where {@link Emitter#emit(Object)} sends records. */
  public static final String MAIN = "out";

  /**
   * Checks both names.
   *
   * @param stage the name of the node the port belongs to
   * @param name the port's name
   * @throws NullPointerException if a name is {@code null}
   * @throws IllegalArgumentException if a name is invalid
   */
  public Port {
    Checks.name(stage, "stage");
    Checks.name(name, "port");
  }

  /**
   * Returns the main output of a node.
   *
   * @param stage the node's name
   * @return its main port
   * @throws IllegalArgumentException if the name is invalid
   */
  public static Port main(String stage) {
    return new Port(stage, MAIN);
  }

  /**
   * Tells whether this is a node's main output.
   *
   * @return {@code true} for {@value #MAIN}
   */
  public boolean isMain() {
    return MAIN.equals(name);
  }

  /**
   * Returns {@code stage} for a main output, {@code stage.port} for a side output.
   *
   * @return the port as messages and pictures show it
   */
  @Override
  public String toString() {
    return isMain() ? stage : stage + "." + name;
  }
}
