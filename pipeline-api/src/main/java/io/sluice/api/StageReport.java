package io.sluice.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stage did during a run. Immutable; built by runners through
 * {@link #builder(String, StageKind)}.
 *
 * <p>Every record that reaches a stage gets exactly one fate, so at the end of every run {@code
 * received = passedOn + filtered + skipped + deadLettered + failed + stranded} ({@link
 * #unaccounted()} is the difference: 0 unless the runner has a bug), and what one stage emitted is
 * what the next one received. The fates:
 * <ul>
 *   <li><b>passed on</b>: finished, and the call that carried the record emitted something. The
 *       runner attributes output to the unit it calls: a record handed to {@code process}
 *       (per-record dispatch, or batched when the stage does not override {@code processBatch}),
 *       or a whole batch handed to an overridden {@code processBatch}. A sink's written records
 *       are passed on.
 *   <li><b>filtered</b>: finished, and that call emitted nothing (a filter's rejects, a flatMap's
 *       empty results).
 *   <li><b>skipped</b>, <b>dead-lettered</b>: failed, and the {@link ErrorPolicy} said so.
 *   <li><b>failed</b>: in the record or batch the run failed on.
 *   <li><b>stranded</b>: reached the stage but never finished because the run was cancelled or
 *       failed: still in its input ring, waiting in a batch, or in the stage's hands.
 * </ul>
 * For the input stage, received = emitted = passed on: the records it produced or accepted.
 */
public final class StageReport {
  private final String name;
  private final StageKind kind;
  private final long received;
  private final long emitted;
  private final long passedOn;
  private final long filtered;
  private final long skipped;
  private final long deadLettered;
  private final long retried;
  private final long failed;
  private final long stranded;
  private final Map<FlushReason, Long> batches;
  private final long backlog;
  private final Distribution batchSizes;
  private final Distribution processingNanos;
  private final long busyNanos;
  private final long idleNanos;
  private final long blockedNanos;
  private final Map<String, Long> emittedByPort;
  private final Map<String, Long> receivedByInput;
  private final List<StageReport> workers;

  StageReport(StageReportBuilder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.received = b.received;
    this.emitted = b.emitted;
    this.passedOn = b.passedOn;
    this.filtered = b.filtered;
    this.skipped = b.skipped;
    this.deadLettered = b.deadLettered;
    this.retried = b.retried;
    this.failed = b.failed;
    this.stranded = b.stranded;
    this.batches = Collections.unmodifiableMap(new EnumMap<>(b.batches));
    this.backlog = b.backlog;
    this.batchSizes = b.batchSizes;
    this.processingNanos = b.processingNanos;
    this.busyNanos = b.busyNanos;
    this.idleNanos = b.idleNanos;
    this.blockedNanos = b.blockedNanos;
    this.emittedByPort = Collections.unmodifiableMap(new LinkedHashMap<>(b.emittedByPort));
    this.receivedByInput = Collections.unmodifiableMap(new LinkedHashMap<>(b.receivedByInput));
    this.workers = List.copyOf(b.workers);
  }

  /**
   * Returns one report per worker of a parallel stage, in worker order (worker {@code i} is
   * {@code workers().get(i)}, named {@code stage[i]}): what each worker received and emitted, the
   * fates of its records, its batches by reason, its busy time. Each balances on its own
   * ({@link #unaccounted()} is 0). This row is their roll-up: its fates and batches are the sums
   * over the workers plus the records the stage settled before handing them to any worker (a key
   * function that failed, a record stranded by a stop before it reached a worker). A worker never
   * waits for room downstream (the stage releases its results), so its blocked time is 0 and the
   * stage's blocked time is on this row. On the Flink runner, a stage that ran on several subtasks
   * has a row per subtask ({@code stage[i]}). Empty for a stage that ran as one instance and for an
   * input.
   *
   * @return the workers' reports; an immutable list
   */
  public List<StageReport> workers() {
    return workers;
  }

  /**
   * Returns how many records left by each output port: {@link Port#MAIN} and each connected side
   * output, in that order. Empty when the runner did not count per port (a live snapshot, a sink).
   *
   * @return port name to count; an immutable map
   */
  public Map<String, Long> emittedByPort() {
    return emittedByPort;
  }

  /**
   * Returns how many records arrived along each input edge, keyed by the port the edge leaves
   * ({@code stage} or {@code stage.sideOutput}). Empty when the runner did not count per edge
   * (a live snapshot, an input node).
   *
   * @return input port to count; an immutable map
   */
  public Map<String, Long> receivedByInput() {
    return receivedByInput;
  }

  /**
   * Starts a report for a stage.
   *
   * @param name the stage name
   * @param kind the stage kind
   * @return a builder with every count at zero
   * @throws NullPointerException if an argument is {@code null}
   */
  public static StageReportBuilder builder(String name, StageKind kind) {
    return new StageReportBuilder(Checks.notNull(name, "name"), Checks.notNull(kind, "kind"));
  }

  /**
   * Returns the stage's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the stage's kind.
   *
   * @return the kind
   */
  public StageKind kind() {
    return kind;
  }

  /**
   * Returns how many records reached the stage (for an input: how many it produced or accepted),
   * including those stranded in its ring by a cancel or failure.
   *
   * @return the records received
   */
  public long received() {
    return received;
  }

  /**
   * Returns how many records the stage handed to the next stage (zero for a sink).
   *
   * @return the records emitted
   */
  public long emitted() {
    return emitted;
  }

  /**
   * Returns how many received records the stage finished with and passed on (see the class
   * comment for how output is attributed).
   *
   * @return the records passed on
   */
  public long passedOn() {
    return passedOn;
  }

  /**
   * Returns how many received records the stage finished with without emitting anything for them.
   *
   * @return the records filtered out
   */
  public long filtered() {
    return filtered;
  }

  /**
   * Returns how many records failed and were skipped by the error policy.
   *
   * @return the records skipped
   */
  public long skipped() {
    return skipped;
  }

  /**
   * Returns how many records failed and were written to the dead-letter sink.
   *
   * @return the records dead-lettered
   */
  public long deadLettered() {
    return deadLettered;
  }

  /**
   * Returns how many times the error policy called the stage again after a failure (each retry of
   * a record or of a whole batch counts once).
   *
   * @return the retries
   */
  public long retried() {
    return retried;
  }

  /**
   * Returns how many records were in the record or batch that the run failed on.
   *
   * @return the records failed
   */
  public long failed() {
    return failed;
  }

  /**
   * Returns how many records reached the stage but were never finished, because the run was
   * cancelled or failed.
   *
   * @return the records stranded
   */
  public long stranded() {
    return stranded;
  }

  /**
   * Returns {@code received - (passedOn + filtered + skipped + deadLettered + failed + stranded)}:
   * 0 when every record is accounted for.
   *
   * @return the records without a fate (negative if some were counted twice)
   */
  public long unaccounted() {
    return received - (passedOn + filtered + skipped + deadLettered + failed + stranded);
  }

  /**
   * Returns how many batches were delivered for a reason.
   *
   * @param reason the flush reason
   * @return the number of batches
   */
  public long batches(FlushReason reason) {
    return batches.getOrDefault(reason, 0L);
  }

  /**
   * Returns the batches delivered, by flush reason (reasons never used are absent).
   *
   * @return an unmodifiable map
   */
  public Map<FlushReason, Long> batchesByReason() {
    return batches;
  }

  /**
   * Returns how many batches were delivered in all.
   *
   * @return the total number of batches
   */
  public long totalBatches() {
    return batches.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns how many records wait in the stage's input ring (sent by the stage before it and not
   * yet received); 0 for an input and at the end of a completed run.
   *
   * @return the backlog in records
   */
  public long backlog() {
    return backlog;
  }

  /**
   * Returns the sizes of the batches delivered (empty under per-record dispatch).
   *
   * @return the batch-size distribution
   */
  public Distribution batchSizes() {
    return batchSizes;
  }

  /**
   * Returns how long the stage's code took, in nanoseconds: per batch under a batched dispatch, per
   * record under per-record dispatch (measured per hand-off chunk and recorded as the mean of its
   * records, so timing costs nothing per record). A per-record stage fused onto the thread of the
   * stage before it has no separate times: its time is part of the first stage on that thread.
   *
   * @return the processing-time distribution in nanoseconds
   */
  public Distribution processingNanos() {
    return processingNanos;
  }

  /**
   * Returns the time the stage's thread spent working, not counting the time it was blocked on a
   * full downstream ring ({@link #blockedNanos()}). Stages sharing a thread report that thread's
   * time; stages fused onto the source's thread are not timed (0).
   *
   * @return busy time in nanoseconds
   */
  public long busyNanos() {
    return busyNanos;
  }

  /**
   * Returns the time the stage's thread spent waiting for input.
   *
   * @return idle time in nanoseconds
   */
  public long idleNanos() {
    return idleNanos;
  }

  /**
   * Returns the time the stage's thread waited for room in a full downstream ring: backpressure
   * from a slower stage after it. Kept apart from busy time, so that the stage that limits the
   * pipeline is the one that looks busy, not every stage stuck behind it.
   *
   * @return blocked time in nanoseconds
   */
  public long blockedNanos() {
    return blockedNanos;
  }

  /**
   * Returns the busy share of the thread's time, between 0 and 1 (0 when nothing was measured):
   * time working on records, not waiting for input nor blocked on a full downstream ring.
   *
   * @return busy / (busy + idle + blocked)
   */
  public double utilisation() {
    long total = busyNanos + idleNanos + blockedNanos;
    return total == 0 ? 0 : (double) busyNanos / total;
  }

  /**
   * Returns the share of the thread's time it was blocked on a full downstream ring, between 0 and
   * 1 (0 when nothing was measured). A high share means a later stage is the bottleneck.
   *
   * @return blocked / (busy + idle + blocked)
   */
  public double blockedShare() {
    long total = busyNanos + idleNanos + blockedNanos;
    return total == 0 ? 0 : (double) blockedNanos / total;
  }

  /**
   * Returns one line: received and emitted, then every other count that is not zero, then, for a
   * parallel stage, the workers' counts side by side ({@code workers in 50|49 out 50|49}).
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name).append(' ').append(kind).append(": received ")
        .append(received).append(", emitted ").append(emitted);
    if (emittedByPort.size() > 1) { // side outputs: say where the records went
      text.append(' ').append(emittedByPort.toString().replace('=', ' ').replace('{', '(')
          .replace('}', ')'));
    }
    append(text, "filtered", filtered);
    append(text, "skipped", skipped);
    append(text, "dead-lettered", deadLettered);
    append(text, "retried", retried);
    append(text, "failed", failed);
    append(text, "stranded", stranded);
    if (!batches.isEmpty()) {
      text.append(", batches ").append(batches);
    }
    if (!workers.isEmpty()) {
      text.append(", ").append(WorkerSummary.of(workers));
    }
    return text.toString();
  }

  private static void append(StringBuilder text, String what, long count) {
    if (count != 0) {
      text.append(", ").append(what).append(' ').append(count);
    }
  }
}
