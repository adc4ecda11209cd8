package io.sluice.runtime.engine;

import io.sluice.api.Edge;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Port;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
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
    plan.concurrentNodes().forEach(ConcurrentNode::settle); // workers' counts into their node
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
      row.workers(WorkerRows.finished(plan, def));
      rows.add(withMeters(row, step.meters()).build());
    }
    return rows;
  }

  /**
   * The rows of a running pipeline, from the counts its threads last published. A stage's backlog
   * is what the ports feeding it emitted and it has not received yet.
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
    Map<String, Map<String, Long>> emittedByPort = new HashMap<>();
    for (StageDefinition def : stages) {
      emittedByPort.put(def.name(), def.kind().isInput()
          ? Map.of(Port.MAIN, produced.applyAsLong(def.name()))
          : plan.step(def.name()).emittedByPort(counts.get(def.name())));
    }
    List<StageReport> rows = new ArrayList<>();
    for (StageDefinition def : stages) {
      if (def.kind().isInput()) {
        rows.add(inputRow(def, emittedByPort.get(def.name()).get(Port.MAIN)));
        continue;
      }
      Tally.Counts c = counts.get(def.name());
      long upstream = 0;
      for (Port port : def.inputPorts()) {
        upstream += emittedByPort.get(port.stage()).getOrDefault(port.name(), 0L);
      }
      StageReportBuilder row = c.report(def.name(), def.kind())
          .backlog(backlog(plan, def, upstream - c.received()))
          .workers(WorkerRows.snapshot(plan, def));
      rows.add(withMeters(row, plan.step(def.name()).meters()).build());
    }
    return rows;
  }

  /**
   * What waits for a stage. Pushes to a live input go straight into its consumer's ring, so what
   * waits there fits the ring: the counts are read one after another while the run goes on, and
   * more would be a reading race, not records. (Elsewhere records also wait in an outbox.)
   */
  private static long backlog(RunPlan plan, StageDefinition def, long waiting) {
    boolean fedByLive = def.inputs().stream()
        .anyMatch(in -> plan.pipeline().stage(in).kind() == StageKind.LIVE_INPUT);
    return fedByLive ? Math.min(def.options().ringSize(), Math.max(0, waiting))
        : Math.max(0, waiting);
  }

  private static StageReport inputRow(StageDefinition input, long produced) {
    return StageReport.builder(input.name(), input.kind())
        .received(produced).emitted(produced).passedOn(produced).emittedBy(Port.MAIN, produced)
        .build();
  }

  static StageReportBuilder withMeters(StageReportBuilder row, StageMeters meters) {
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
    return report(plan, outcome, elapsed, rows, List.of());
  }

  /**
   * The report of a run whose runner gave up on some threads ({@link AbandonedRows}): checks the
   * accounting, logs a breach at ERROR, and names the abandoned threads.
   *
   * @param plan the run
   * @param outcome how it ended
   * @param elapsed how long it ran
   * @param rows its rows
   * @param abandoned the threads given up on
   * @return the report
   */
  public static PipelineReport report(RunPlan plan, Outcome outcome, Duration elapsed,
      List<StageReport> rows, List<PipelineReport.AbandonedThread> abandoned) {
    String name = plan.pipeline().name();
    List<String> breaches = FlowCheck.breaches(plan.pipeline(), rows);
    if (!breaches.isEmpty()) {
      LOG.error("pipeline '{}': ACCOUNTING BREACH (a bug in the Sluice runner, please report "
          + "it): {}", name, breaches);
    }
    StageFailedException failure = plan.control().failure();
    return new PipelineReport(name, outcome, elapsed, rows,
        outcome == Outcome.FAILED ? failure : null, breaches, abandoned);
  }
}
