package io.sluice.flink;

import io.sluice.api.Edge;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Port;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import io.sluice.runtime.engine.FlowCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a run's {@link PipelineReport} from the job's accumulators: a row per node (what each
 * input produced; each stage's summed subtask counts, per port and per input edge), the first
 * failure a subtask recorded, and the engine's {@link FlowCheck}.
 */
final class FlinkReports {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkReports.class);

  private FlinkReports() {}

  /**
   * The report of an ended job.
   *
   * @param pipeline the blueprint
   * @param accumulators the job's accumulator results (empty if the job left none)
   * @param ended the outcome Flink gave, unless a stage recorded a failure
   * @param jobFailure what failed the job itself (a source, a task), or {@code null}
   * @param elapsed how long it ran
   */
  static PipelineReport report(Pipeline<?> pipeline, Map<String, Object> accumulators,
      Outcome ended, StageFailedException jobFailure, Duration elapsed) {
    List<StageReport> rows = new ArrayList<>();
    StageFailedException failure = jobFailure;
    for (StageDefinition def : pipeline.stages()) {
      if (def.kind().isInput()) {
        long produced = count(accumulators.get(AccumulatorNames.input(def.name())));
        rows.add(StageReport.builder(def.name(), def.kind()).received(produced).emitted(produced)
            .passedOn(produced).emittedBy(Port.MAIN, produced).build());
        continue;
      }
      StageCounts counts = (StageCounts) accumulators.get(AccumulatorNames.stage(def.name()));
      StageReportBuilder row = StageReport.builder(def.name(), def.kind());
      if (counts != null) {
        counts.fill(row, def.name(), def.kind());
        if (failure == null) {
          failure = counts.failure();
        }
      }
      List<Port> ports = def.inputPorts();
      for (Port port : ports) {
        long received = ports.size() == 1 ? (counts == null ? 0 : counts.received())
            : count(accumulators.get(AccumulatorNames.edge(new Edge(port, def.name()))));
        row.receivedFrom(port.toString(), received);
      }
      rows.add(row.build());
    }
    Outcome outcome = failure != null ? Outcome.FAILED : ended;
    // a running job's counts are a snapshot taken subtask by subtask, and a cancelled or failed
    // job leaves none: only the counts of an ended job are checked
    boolean countsFinal = outcome != Outcome.RUNNING && !accumulators.isEmpty();
    List<String> breaches = countsFinal ? FlowCheck.breaches(pipeline, rows) : List.of();
    if (!breaches.isEmpty()) {
      LOG.error("ACCOUNTING BREACH in pipeline '{}' on Flink: {}", pipeline.name(), breaches);
    }
    return new PipelineReport(pipeline.name(), outcome, elapsed, rows, failure, breaches);
  }

  private static long count(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }
}
