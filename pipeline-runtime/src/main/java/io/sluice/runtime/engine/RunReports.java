package io.sluice.runtime.engine;

import io.sluice.api.Edge;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Port;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds what a run reports, the same for every runner: a row per node (inputs with what they
 * produced; stages with their tallies, per-port and per-edge counts and meters), the outcome, and
 * the accounting check of {@link FlowCheck}.
 */
public final class RunReports {
  private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

  private RunReports() {}

  /**
   * The rows of a finished run, once its threads have ended: every count is final, and what was
   * stranded on an edge ({@link EdgeCount#stranded()}) counts as received and stranded by the node
   * it was travelling to.
   *
   * @param plan the run
   * @param produced records each input node produced
   * @return one row per node, in the order of the blueprint's stages
   */
  public static List<StageReport> finished(RunPlan plan, ToLongFunction<String> produced) {
    List<StageReport> rows = new ArrayList<>();
    for (StageDefinition def : plan.pipeline().stages()) {
      if (def.kind().isInput()) {
        rows.add(inputRow(def, produced.applyAsLong(def.name())));
        continue;
      }
      Step step = plan.step(def.name());
      long strandedOnEdges = 0;
      List<EdgeCount> in = new ArrayList<>();
      for (Port port : def.inputPorts()) {
        EdgeCount count = plan.edgeCount(new Edge(port, def.name()));
        in.add(count);
        strandedOnEdges += count.stranded();
      }
      StageReportBuilder row = step.report(strandedOnEdges);
      step.emittedByPort().forEach((port, count) -> {
        if (!def.kind().isSink()) {
          row.emittedBy(port, count);
        }
      });
      for (EdgeCount count : in) {
        row.receivedFrom(count.edge().from().toString(), count.total());
      }
      rows.add(withMeters(row, step.meters()).build());
    }
    return rows;
  }

  /**
   * The rows of a running pipeline, from the counts its threads last published. A stage's backlog
   * is what the nodes feeding it emitted and it has not received yet.
   *
   * @param plan the run
   * @param produced records each input node has produced so far
   * @return one row per node
   */
  public static List<StageReport> snapshot(RunPlan plan, ToLongFunction<String> produced) {
    List<StageDefinition> stages = plan.pipeline().stages();
    Map<String, Tally.Counts> counts = new HashMap<>();
    // read downstream first: a count published later never shows a stage ahead of its inputs
    for (int i = stages.size() - 1; i >= 0; i--) {
      StageDefinition def = stages.get(i);
      if (!def.kind().isInput()) {
        counts.put(def.name(), plan.step(def.name()).tally().published());
      }
    }
    Map<String, Long> emitted = new HashMap<>();
    for (StageDefinition def : stages) {
      if (def.kind().isInput()) {
        emitted.put(def.name(), produced.applyAsLong(def.name()));
      }
    }
    List<StageReport> rows = new ArrayList<>();
    for (StageDefinition def : stages) {
      if (def.kind().isInput()) {
        rows.add(inputRow(def, emitted.get(def.name())));
        continue;
      }
      Tally.Counts c = counts.get(def.name());
      emitted.put(def.name(), c.emitted());
      long upstream = def.inputs().stream().mapToLong(emitted::get).sum();
      StageReportBuilder row = StageReport.builder(def.name(), def.kind())
          .received(c.received()).emitted(c.emitted()).passedOn(c.passedOn())
          .filtered(c.filtered()).skipped(c.skipped()).deadLettered(c.deadLettered())
          .retried(c.retried()).failed(c.failed()).stranded(c.stranded())
          .backlog(Math.max(0, upstream - c.received()));
      for (FlushReason reason : FlushReason.values()) {
        row.batches(reason, c.batches()[reason.ordinal()]);
      }
      rows.add(withMeters(row, plan.step(def.name()).meters()).build());
    }
    return rows;
  }

  private static StageReport inputRow(StageDefinition input, long produced) {
    return StageReport.builder(input.name(), input.kind())
        .received(produced).emitted(produced).passedOn(produced).emittedBy(Port.MAIN, produced)
        .build();
  }

  private static StageReportBuilder withMeters(StageReportBuilder row, StageMeters meters) {
    return row.batchSizes(meters.batchSizes()).processingNanos(meters.processingNanos())
        .time(meters.busyNanos(), meters.idleNanos(), meters.blockedNanos());
  }

  /**
   * How a run ended: failed if a stage failed, else cancelled, else {@code ended} if the runner
   * says so, else drained if the input ended by a drain, else completed.
   *
   * @param control the run's control
   * @param ended an outcome the runner forces, or {@code null}
   * @return the outcome
   */
  public static Outcome outcome(RunControl control, Outcome ended) {
    if (control.failure() != null) {
      return Outcome.FAILED;
    } else if (control.isCancelled()) {
      return Outcome.CANCELLED;
    } else if (ended != null) {
      return ended;
    } else if (control.inputEnd() == FlushReason.DRAIN) {
      return Outcome.DRAINED;
    }
    return Outcome.COMPLETED;
  }

  /**
   * The report of a finished run: checks the accounting, logs a breach at ERROR.
   *
   * @param plan the run
   * @param outcome how it ended
   * @param elapsed how long it ran
   * @param rows its rows ({@link #finished})
   * @return the report
   */
  public static PipelineReport report(RunPlan plan, Outcome outcome, Duration elapsed,
      List<StageReport> rows) {
    String name = plan.pipeline().name();
    List<String> breaches = FlowCheck.breaches(plan.pipeline(), rows);
    if (!breaches.isEmpty()) {
      LOG.error("pipeline '{}': ACCOUNTING BREACH (a bug in the Sluice runner, please report "
          + "it): {}", name, breaches);
    }
    StageFailedException failure = plan.control().failure();
    return new PipelineReport(name, outcome, elapsed, rows,
        outcome == Outcome.FAILED ? failure : null, breaches);
  }
}
