package io.sluice.api;

/**
 * A connection of the graph: every record emitted to port {@code from} is received by node
 * {@code to}. Records travel along an edge in the order they were emitted.
 *
 * @param from the port records leave by
 * @param to the name of the node receiving them
 */
public record Edge(Port from, String to) {

  /**
   * Checks the parts.
   *
   * @param from the port records leave by
   * @param to the name of the node receiving them
   * @throws NullPointerException if a part is {@code null}
   * @throws IllegalArgumentException if {@code to} is not a valid name
   */
  public Edge {
    Checks.notNull(from, "port of an edge");
    Checks.name(to, "stage");
  }

  @Override
  public String toString() {
    return from + " -> " + to;
  }
}
