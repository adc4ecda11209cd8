package io.sluice.api;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the counts of a {@link StageReport}; every count starts at zero. */
public final class StageReportBuilder {
  final String name;
  final StageKind kind;
  long received;
  long emitted;
  long passedOn;
  long filtered;
  long skipped;
  long deadLettered;
  long retried;
  long failed;
  long stranded;
  final Map<FlushReason, Long> batches = new EnumMap<>(FlushReason.class);
  long backlog;
  Distribution batchSizes = Distribution.empty();
  Distribution processingNanos = Distribution.empty();
  long busyNanos;
  long idleNanos;
  long blockedNanos;
  final Map<String, Long> emittedByPort = new LinkedHashMap<>();
  final Map<String, Long> receivedByInput = new LinkedHashMap<>();
  List<StageReport> workers = List.of();

  StageReportBuilder(String name, StageKind kind) {
    this.name = name;
    this.kind = kind;
  }

  /**
   * Sets the records received.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder received(long count) {
    this.received = nonNegative(count, "received");
    return this;
  }

  /**
   * Sets the records emitted.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder emitted(long count) {
    this.emitted = nonNegative(count, "emitted");
    return this;
  }

  /**
   * Sets the records passed on.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder passedOn(long count) {
    this.passedOn = nonNegative(count, "passedOn");
    return this;
  }

  /**
   * Sets the records filtered out.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder filtered(long count) {
    this.filtered = nonNegative(count, "filtered");
    return this;
  }

  /**
   * Sets the records skipped.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder skipped(long count) {
    this.skipped = nonNegative(count, "skipped");
    return this;
  }

  /**
   * Sets the records dead-lettered.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder deadLettered(long count) {
    this.deadLettered = nonNegative(count, "deadLettered");
    return this;
  }

  /**
   * Sets the retries.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder retried(long count) {
    this.retried = nonNegative(count, "retried");
    return this;
  }

  /**
   * Sets the records failed.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder failed(long count) {
    this.failed = nonNegative(count, "failed");
    return this;
  }

  /**
   * Sets the records stranded.
   *
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder stranded(long count) {
    this.stranded = nonNegative(count, "stranded");
    return this;
  }

  /**
   * Sets the batches delivered for a reason; a zero count leaves the reason out.
   *
   * @param reason the flush reason
   * @param count a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder batches(FlushReason reason, long count) {
    Checks.notNull(reason, "reason");
    if (nonNegative(count, "batches") > 0) {
      batches.put(reason, count);
    } else {
      batches.remove(reason);
    }
    return this;
  }

  /**
   * Sets the records waiting in the stage's input ring.
   *
   * @param records a count, not negative
   * @return this builder
   * @throws IllegalArgumentException if {@code records} is negative
   */
  public StageReportBuilder backlog(long records) {
    this.backlog = nonNegative(records, "backlog");
    return this;
  }

  /**
   * Sets the batch-size distribution.
   *
   * @param sizes the distribution
   * @return this builder
   * @throws NullPointerException if {@code sizes} is {@code null}
   */
  public StageReportBuilder batchSizes(Distribution sizes) {
    this.batchSizes = Checks.notNull(sizes, "batchSizes");
    return this;
  }

  /**
   * Sets the processing-time distribution, in nanoseconds.
   *
   * @param nanos the distribution
   * @return this builder
   * @throws NullPointerException if {@code nanos} is {@code null}
   */
  public StageReportBuilder processingNanos(Distribution nanos) {
    this.processingNanos = Checks.notNull(nanos, "processingNanos");
    return this;
  }

  /**
   * Sets the busy and idle time of the stage's thread.
   *
   * @param busy busy nanoseconds, not negative
   * @param idle idle nanoseconds, not negative
   * @return this builder
   * @throws IllegalArgumentException if a value is negative
   */
  public StageReportBuilder time(long busy, long idle) {
    return time(busy, idle, 0);
  }

  /**
   * Sets the busy, idle and blocked time of the stage's thread.
   *
   * @param busy nanoseconds working on records, not negative
   * @param idle nanoseconds waiting for input, not negative
   * @param blocked nanoseconds waiting for room in a full downstream ring, not negative
   * @return this builder
   * @throws IllegalArgumentException if a value is negative
   */
  public StageReportBuilder time(long busy, long idle, long blocked) {
    this.busyNanos = nonNegative(busy, "busy time");
    this.idleNanos = nonNegative(idle, "idle time");
    this.blockedNanos = nonNegative(blocked, "blocked time");
    return this;
  }

  /**
   * Sets how many records left by one output port (the main one is {@link Port#MAIN}); the counts
   * of all ports add up to {@link #emitted}.
   *
   * @param port the port's name
   * @param count a count, not negative
   * @return this builder
   * @throws NullPointerException if {@code port} is {@code null}
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder emittedBy(String port, long count) {
    emittedByPort.put(Checks.notNull(port, "port"), nonNegative(count, "emitted by " + port));
    return this;
  }

  /**
   * Sets how many records arrived along the edge from one input port; the counts of all inputs
   * add up to {@link #received}.
   *
   * @param from the port the edge leaves, as {@link Port#toString()} shows it
   * @param count a count, not negative
   * @return this builder
   * @throws NullPointerException if {@code from} is {@code null}
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public StageReportBuilder receivedFrom(String from, long count) {
    receivedByInput.put(Checks.notNull(from, "input"), nonNegative(count, "received from " + from));
    return this;
  }

  /**
   * Sets the reports of a parallel stage's workers, in worker order ({@link StageReport#workers()}).
   *
   * @param reports one report per worker; empty for a stage that is not parallel
   * @return this builder
   * @throws NullPointerException if {@code reports} or one of them is {@code null}
   * @throws IllegalArgumentException if a worker's report has workers of its own
   */
  public StageReportBuilder workers(List<StageReport> reports) {
    Checks.notNull(reports, "workers");
    for (int i = 0; i < reports.size(); i++) {
      StageReport worker = Checks.notNull(reports.get(i), "worker " + i + " of stage " + name);
      Checks.check(worker.workers().isEmpty(),
          "stage '%s': worker report '%s' must not have workers of its own", name, worker.name());
    }
    this.workers = List.copyOf(reports);
    return this;
  }

  /**
   * Builds the report.
   *
   * @return the immutable report
   */
  public StageReport build() {
    return new StageReport(this);
  }

  private long nonNegative(long count, String what) {
    Checks.check(count >= 0, "stage '%s': %s must not be negative but was %d", name, what, count);
    return count;
  }
}
