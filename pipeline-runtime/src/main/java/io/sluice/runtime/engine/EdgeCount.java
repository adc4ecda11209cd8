package io.sluice.runtime.engine;

import io.sluice.api.Edge;

/**
 * What travelled along one edge of the graph, counted where it arrives: records the receiving step
 * took, and records that were on their way (in a ring or an unpublished chunk) when the run
 * stopped. Written by one thread at a time; read once the run's threads have ended.
 */
final class EdgeCount {
  private final Edge edge;
  long received;
  long stranded;

  EdgeCount(Edge edge) {
    this.edge = edge;
  }

  /**
   * Returns the edge counted.
   *
   * @return the edge
   */
  public Edge edge() {
    return edge;
  }

  /**
   * Returns everything that entered the edge: taken by the receiver or stranded on the way.
   *
   * @return the count
   */
  public long total() {
    return received + stranded;
  }

  /**
   * Returns the records stranded on the way.
   *
   * @return the count
   */
  public long stranded() {
    return stranded;
  }
}
