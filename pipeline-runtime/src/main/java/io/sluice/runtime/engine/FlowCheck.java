package io.sluice.runtime.engine;

import io.sluice.api.Edge;
import io.sluice.api.Pipeline;
import io.sluice.api.StageReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounting check every runner makes at the end of every run, and the testkit's
 * {@code Accounting} repeats on any report: every input passed on what it produced; every record
 * that reached a stage has exactly one fate; what a port emitted, each node it feeds received along
 * that edge; what a stage received adds up over its input edges; and each worker of a parallel
 * stage gives each record it received exactly one fate.
 */
public final class FlowCheck {
  private FlowCheck() {}

  /**
   * Checks a report's rows against the graph they come from.
   *
   * @param pipeline the blueprint that ran
   * @param rows one row per node, in the order of its stages
   * @return one sentence per breach, naming the node or edge and the numbers; empty when it adds
   *     up
   */
  public static List<String> breaches(Pipeline<?> pipeline, List<StageReport> rows) {
    List<String> breaches = new ArrayList<>();
    Map<String, StageReport> byName = new HashMap<>();
    for (StageReport row : rows) {
      byName.put(row.name(), row);
      if (row.kind().isInput()) {
        if (row.emitted() != row.received() || row.passedOn() != row.received()) {
          breaches.add("input '" + row.name() + "' produced " + row.received() + " records but "
              + "reports " + row.emitted() + " emitted and " + row.passedOn() + " passed on");
        }
      } else if (row.unaccounted() != 0) {
        breaches.add("stage '" + row.name() + "' received " + row.received() + " records but "
            + "their fates add up to " + (row.received() - row.unaccounted()) + " (passed on "
            + row.passedOn() + ", filtered " + row.filtered() + ", skipped " + row.skipped()
            + ", dead-lettered " + row.deadLettered() + ", failed " + row.failed() + ", stranded "
            + row.stranded() + ")");
      }
      for (StageReport worker : row.workers()) { // a parallel stage: each worker balances too
        if (worker.unaccounted() != 0) {
          breaches.add("worker '" + worker.name() + "' received " + worker.received()
              + " records but their fates add up to " + (worker.received() - worker.unaccounted()));
        }
      }
    }
    for (Edge edge : pipeline.edges()) {
      StageReport from = byName.get(edge.from().stage());
      StageReport to = byName.get(edge.to());
      if (from == null || to == null) {
        breaches.add("the report has no row for edge " + edge);
        continue;
      }
      long sent = emitted(from, edge, pipeline);
      long got = to.receivedByInput().isEmpty() && pipeline.stage(edge.to()).inputPorts().size() == 1
          ? to.received() : to.receivedByInput().getOrDefault(edge.from().toString(), -1L);
      if (sent != got) {
        breaches.add("edge " + edge + ": '" + edge.from() + "' emitted " + sent + " records but '"
            + edge.to() + "' received " + got + " from it");
      }
    }
    for (StageReport row : rows) {
      if (!row.receivedByInput().isEmpty()) {
        long sum = row.receivedByInput().values().stream().mapToLong(Long::longValue).sum();
        if (sum != row.received()) {
          breaches.add("stage '" + row.name() + "' received " + row.received() + " records but "
              + "its input edges brought " + sum + " " + row.receivedByInput());
        }
      }
    }
    return breaches;
  }

  private static long emitted(StageReport from, Edge edge, Pipeline<?> pipeline) {
    if (from.emittedByPort().isEmpty()) {
      // a row without per-port counts: only a node with nothing but its main output can be checked
      boolean onlyMain = pipeline.edgesFrom(from.name()).stream().allMatch(e -> e.from().isMain());
      return onlyMain ? from.emitted() : -1L;
    }
    return from.emittedByPort().getOrDefault(edge.from().name(), 0L);
  }
}
