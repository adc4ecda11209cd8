package io.sluice.flink;

import io.sluice.api.Edge;

/** The names under which a job's tasks leave their counts for the report. */
final class AccumulatorNames {
  private AccumulatorNames() {}

  /** A stage's {@link StageCounts}. */
  static String stage(String name) {
    return "sluice.stage." + name;
  }

  /** What an input produced, a {@code LongCounter}. */
  static String input(String name) {
    return "sluice.input." + name;
  }

  /** What crossed one edge into a merging stage, a {@code LongCounter}. */
  static String edge(Edge edge) {
    return "sluice.edge." + edge.from() + "->" + edge.to();
  }
}
