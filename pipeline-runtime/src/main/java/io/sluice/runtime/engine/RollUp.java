package io.sluice.runtime.engine;

import io.sluice.api.Edge;
import io.sluice.api.FlushReason;
import io.sluice.api.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the counts of a concurrent node's workers into its summary step's tally, so that the
 * report row, the snapshots and {@link FlowCheck} see one node: received is what the node took
 * from its edges; every fate and batch is the sum over the workers plus what the node itself
 * settled (a record stranded before it reached a worker, a key function that failed); emitted is
 * what the node released downstream plus, after a stop, what the workers emitted and the node
 * never released, which is then counted stranded on each edge of its port.
 */
final class RollUp {
  private RollUp() {}

  /**
   * Rolls the workers' counts up, on the node's thread (for snapshots, and once at the end).
   *
   * @param summary the node's summary step
   * @param workers the counts whose fates and batches count, as the workers published them
   * @param received records the node took
   * @param ownStranded records the node stranded itself
   * @param ownFailed records the node failed itself
   */
  static void counts(Step summary, List<Tally.Counts> workers, long received, long ownStranded,
      long ownFailed) {
    Tally sum = summary.tally();
    sum.received = received;
    sum.passedOn = 0;
    sum.filtered = 0;
    sum.skipped = 0;
    sum.deadLettered = 0;
    sum.retried = 0;
    sum.failed = ownFailed;
    sum.stranded = ownStranded;
    java.util.Arrays.fill(sum.batches, 0L);
    for (Tally.Counts t : workers) {
      sum.passedOn += t.passedOn();
      sum.filtered += t.filtered();
      sum.skipped += t.skipped();
      sum.deadLettered += t.deadLettered();
      sum.retried += t.retried();
      sum.failed += t.failed();
      sum.stranded += t.stranded();
      for (FlushReason reason : FlushReason.values()) {
        sum.batches[reason.ordinal()] += t.batches()[reason.ordinal()];
      }
    }
  }

  /**
   * Rolls an async node's counts up, on its thread: received is what its launcher took, batches
   * are the launcher's, fates are the releases' plus the failure steps' (whose re-batching of a
   * failed call's records the launcher already counted as one batch).
   *
   * @param summary the node's summary step
   * @param launcher the step that batches the input into calls
   * @param failureSteps the steps that give failed calls their policy's fate
   * @param passedOn records of released calls that emitted something
   * @param filtered records of released calls that emitted nothing
   * @param ownStranded records the node stranded itself (calls a stop caught)
   */
  static void async(Step summary, Step launcher, List<Step> failureSteps, long passedOn,
      long filtered, long ownStranded) {
    Tally.Counts launched = launcher.tally().published();
    List<Tally.Counts> parts = new ArrayList<>();
    parts.add(new Tally.Counts(0, 0, passedOn, filtered, 0, 0, 0, 0,
        ownStranded + launched.stranded(), launched.batches(), new long[0]));
    for (Step failures : failureSteps) {
      Tally.Counts c = failures.tally().published();
      parts.add(new Tally.Counts(0, 0, c.passedOn(), c.filtered(), c.skipped(), c.deadLettered(),
          c.retried(), c.failed(), c.stranded(), new long[c.batches().length], new long[0]));
    }
    counts(summary, parts, launched.received(), 0, 0);
  }

  /**
   * Counts what the workers emitted and the node did not release (a stop caught it in a queue or
   * the reorder buffer) as emitted by the node and stranded on every edge of its port.
   *
   * @param plan the run, for the edges
   * @param summary the node's summary step
   * @param emittedByWorkers what the workers emitted, per port
   */
  static void unreleased(RunPlan plan, Step summary, Map<String, Long> emittedByWorkers) {
    Map<String, Long> released = summary.emittedByPort();
    List<String> sides = new ArrayList<>(released.keySet());
    sides.remove(Port.MAIN);
    Tally sum = summary.tally();
    emittedByWorkers.forEach((port, count) -> {
      long left = count - released.getOrDefault(port, 0L);
      if (left <= 0) {
        return;
      }
      sum.emitted += left;
      if (!Port.MAIN.equals(port)) {
        sum.sideEmitted[sides.indexOf(port)] += left;
      }
      for (Edge edge : plan.pipeline().edgesFrom(summary.name())) {
        if (edge.from().name().equals(port)) {
          plan.edgeCount(edge).stranded += left;
        }
      }
    });
  }

  /** Adds per-port counts of several workers. */
  static Map<String, Long> emittedByPort(List<Step> workers) {
    Map<String, Long> total = new java.util.LinkedHashMap<>();
    for (Step step : workers) {
      step.emittedByPort().forEach((port, count) -> total.merge(port, count, Long::sum));
    }
    return total;
  }
}
