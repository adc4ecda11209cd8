package io.sluice.runtime.engine;

import io.sluice.api.Edge;
import io.sluice.api.FlushReason;
import io.sluice.api.Port;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The rows of a run whose runner gave up on some threads (stuck in a stage's call past the close
 * deadline). The nodes of the other threads have final counts, as in
 * {@link RunReports#finished}; an abandoned node is read from what its thread last published, and
 * whatever reached it without a fate is counted as stranded, since it is in the hands of a thread
 * nobody waits for any more.
 *
 * <p>On an edge that touches an abandoned node the records sent are the sender's count for that
 * port: the receiver counts them all as received, and those it did not take (still in its ring or
 * the abandoned sender's unpublished outbox) as stranded. So the accounting check holds.
 */
public final class AbandonedRows {
  private AbandonedRows() {}

  /**
   * Builds the rows. Call after every thread not abandoned has ended and
   * {@link LocalSchedule#countStrandedExcept} ran.
   *
   * @param plan the run
   * @param abandoned the nodes (stages and sources) of the abandoned threads
   * @param produced records each input produced (as last published, for an abandoned source)
   * @return one row per node, in the order of the blueprint's stages
   */
  public static List<StageReport> rows(RunPlan plan, Set<String> abandoned,
      ToLongFunction<String> produced) {
    List<StageReport> rows = new ArrayList<>();
    for (StageDefinition def : plan.pipeline().stages()) {
      if (def.kind().isInput()) {
        long count = produced.applyAsLong(def.name());
        rows.add(StageReport.builder(def.name(), def.kind()).received(count).emitted(count)
            .passedOn(count).emittedBy(Port.MAIN, count).build());
      } else {
        rows.add(abandoned.contains(def.name()) ? abandonedRow(plan, def, abandoned, produced)
            : finishedRow(plan, def, abandoned, produced));
      }
    }
    return rows;
  }

  private static StageReport finishedRow(RunPlan plan, StageDefinition def, Set<String> abandoned,
      ToLongFunction<String> produced) {
    long leftBehind = 0;
    Map<String, Long> byEdge = new LinkedHashMap<>();
    for (Port port : def.inputPorts()) {
      EdgeCount count = plan.edgeCount(new Edge(port, def.name()));
      long total;
      if (abandoned.contains(port.stage())) {
        total = sent(plan, port, produced);
        leftBehind += total - count.received;
      } else {
        total = count.total();
        leftBehind += count.stranded;
      }
      byEdge.put(port.toString(), total);
    }
    Step step = plan.step(def.name());
    StageReportBuilder row = step.report(leftBehind);
    emittedByPort(def, step.emittedByPort(), row);
    byEdge.forEach(row::receivedFrom);
    return RunReports.withMeters(row, step.meters()).build();
  }

  private static StageReport abandonedRow(RunPlan plan, StageDefinition def,
      Set<String> abandoned, ToLongFunction<String> produced) {
    Step step = plan.step(def.name());
    Tally.Counts c = step.tally().published();
    StageReportBuilder row = StageReport.builder(def.name(), def.kind());
    long received = 0;
    for (Port port : def.inputPorts()) {
      long total = sent(plan, port, produced);
      received += total;
      row.receivedFrom(port.toString(), total);
    }
    long settled = c.passedOn() + c.filtered() + c.skipped() + c.deadLettered() + c.failed();
    Map<String, Long> ports = step.emittedByPort(); // the thread is stuck: these stay put
    long emitted = ports.values().stream().mapToLong(Long::longValue).sum();
    row.received(received).emitted(def.kind().isSink() ? 0 : emitted).passedOn(c.passedOn())
        .filtered(c.filtered()).skipped(c.skipped()).deadLettered(c.deadLettered())
        .retried(c.retried()).failed(c.failed()).stranded(Math.max(0, received - settled));
    for (FlushReason reason : FlushReason.values()) {
      row.batches(reason, c.batches()[reason.ordinal()]);
    }
    emittedByPort(def, ports, row);
    return row.build();
  }

  private static void emittedByPort(StageDefinition def, Map<String, Long> ports,
      StageReportBuilder row) {
    if (!def.kind().isSink()) {
      ports.forEach(row::emittedBy);
    }
  }

  /** What the node behind {@code port} sent along it: its count for that port. */
  private static long sent(RunPlan plan, Port port, ToLongFunction<String> produced) {
    StageDefinition from = plan.pipeline().stage(port.stage());
    if (from.kind().isInput()) {
      return produced.applyAsLong(from.name());
    }
    return plan.step(from.name()).emittedByPort().getOrDefault(port.name(), 0L);
  }
}
