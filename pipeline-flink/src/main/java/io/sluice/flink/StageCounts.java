package io.sluice.flink;

import io.sluice.api.FlushReason;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * The counts of one stage as a Flink accumulator: each subtask adds its step's final counts once,
 * and the job manager sums the subtasks'. It also keeps each subtask's own counts (a stage on
 * several subtasks reports a row per subtask, as a parallel stage does per worker) and carries the
 * stage's first failure.
 */
final class StageCounts implements Accumulator<StageCounts, StageCounts> {
  private static final long serialVersionUID = 1L;
  private static final int FATES = 9;

  private long[] fates = new long[FATES];
  private long[] batches = new long[FlushReason.values().length];
  private TreeMap<String, Long> emittedByPort = new TreeMap<>();
  /** Each subtask's fates, then its batches by reason, by subtask index. */
  private TreeMap<Integer, long[]> bySubtask = new TreeMap<>();
  private ShippedFailure failure;

  /** The counts of a subtask's step report, with its run's failure if it failed. */
  static StageCounts of(int subtask, StageReport report, Map<String, Long> byPort,
      StageFailedException failed) {
    StageCounts c = new StageCounts();
    c.fates = new long[] {report.received(), report.emitted(), report.passedOn(),
        report.filtered(), report.skipped(), report.deadLettered(), report.retried(),
        report.failed(), report.stranded()};
    for (FlushReason reason : FlushReason.values()) {
      c.batches[reason.ordinal()] = report.batches(reason);
    }
    c.emittedByPort.putAll(byPort);
    long[] own = Arrays.copyOf(c.fates, FATES + c.batches.length);
    System.arraycopy(c.batches, 0, own, FATES, c.batches.length);
    c.bySubtask.put(subtask, own);
    c.failure = ShippedFailure.of(failed);
    return c;
  }

  /**
   * Fills a report row with these counts and, for a stage that ran on several subtasks, a worker
   * row per subtask ({@code name[i]}): each flushed its own batches, its last one included.
   */
  StageReportBuilder fill(StageReportBuilder row, String name, StageKind kind) {
    fill(row, fates, batches);
    if (!kind.isSink()) {
      emittedByPort.forEach(row::emittedBy);
    }
    if (bySubtask.size() > 1) {
      List<StageReport> workers = new ArrayList<>();
      bySubtask.forEach((subtask, own) -> workers.add(fill(
          StageReport.builder(name + "[" + subtask + "]", kind), own,
          Arrays.copyOfRange(own, FATES, own.length)).build()));
      row.workers(workers);
    }
    return row;
  }

  private static StageReportBuilder fill(StageReportBuilder row, long[] fates, long[] batches) {
    row.received(fates[0]).emitted(fates[1]).passedOn(fates[2]).filtered(fates[3])
        .skipped(fates[4]).deadLettered(fates[5]).retried(fates[6]).failed(fates[7])
        .stranded(fates[8]);
    for (FlushReason reason : FlushReason.values()) {
      row.batches(reason, batches[reason.ordinal()]);
    }
    return row;
  }

  long received() {
    return fates[0];
  }

  /** The failure a subtask recorded, or {@code null}. */
  StageFailedException failure() {
    return failure == null ? null : failure.toException();
  }

  @Override
  public void add(StageCounts other) {
    for (int i = 0; i < FATES; i++) {
      fates[i] += other.fates[i];
    }
    for (int i = 0; i < batches.length; i++) {
      batches[i] += other.batches[i];
    }
    other.emittedByPort.forEach((port, n) -> emittedByPort.merge(port, n, Long::sum));
    bySubtask.putAll(other.bySubtask); // each subtask adds its counts once
    if (failure == null) {
      failure = other.failure;
    }
  }

  @Override
  public StageCounts getLocalValue() {
    return this;
  }

  @Override
  public void resetLocal() {
    fates = new long[FATES];
    batches = new long[FlushReason.values().length];
    emittedByPort = new TreeMap<>();
    bySubtask = new TreeMap<>();
    failure = null;
  }

  @Override
  public void merge(Accumulator<StageCounts, StageCounts> other) {
    add(other.getLocalValue());
  }

  @Override
  public StageCounts clone() {
    StageCounts copy = new StageCounts();
    copy.add(this);
    return copy;
  }
}
