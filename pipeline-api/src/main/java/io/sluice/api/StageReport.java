package io.sluice.api;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one stage did during a run: records received and emitted, and batches by flush reason.
 * Immutable; built by runners through {@link #builder(String, StageKind)}.
 */
public final class StageReport {
  private final String name;
  private final StageKind kind;
  private final long received;
  private final long emitted;
  private final Map<FlushReason, Long> batches;
  private final long backlog;
  private final Distribution batchSizes;
  private final Distribution processingNanos;
  private final long busyNanos;
  private final long idleNanos;

  private StageReport(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.received = b.received;
    this.emitted = b.emitted;
    this.batches = Collections.unmodifiableMap(new EnumMap<>(b.batches));
    this.backlog = b.backlog;
    this.batchSizes = b.batchSizes;
    this.processingNanos = b.processingNanos;
    this.busyNanos = b.busyNanos;
    this.idleNanos = b.idleNanos;
  }

  /**
   * Starts a report for a stage.
   *
   * @param name the stage name
   * @param kind the stage kind
   * @return a builder with every count at zero
   * @throws NullPointerException if an argument is {@code null}
   */
  public static Builder builder(String name, StageKind kind) {
    return new Builder(Checks.notNull(name, "name"), Checks.notNull(kind, "kind"));
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
   * Returns how many records the stage took in (for an input: how many it produced or accepted).
   *
   * @return the records received
   */
  public long received() {
    return received;
  }

  /**
   * Returns how many records the stage passed on (zero for a sink).
   *
   * @return the records emitted
   */
  public long emitted() {
    return emitted;
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
   * records, so timing costs nothing per record).
   *
   * @return the processing-time distribution in nanoseconds
   */
  public Distribution processingNanos() {
    return processingNanos;
  }

  /**
   * Returns the time the stage's thread spent working (including waiting on a full downstream ring).
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
   * Returns the busy share of the thread's time, between 0 and 1 (0 when nothing was measured).
   *
   * @return busy / (busy + idle)
   */
  public double utilisation() {
    long total = busyNanos + idleNanos;
    return total == 0 ? 0 : (double) busyNanos / total;
  }

  @Override
  public String toString() {
    return name + " " + kind + ": received " + received + ", emitted " + emitted
        + (batches.isEmpty() ? "" : ", batches " + batches);
  }

  /** Collects the counts of a {@link StageReport}. */
  public static final class Builder {
    private final String name;
    private final StageKind kind;
    private long received;
    private long emitted;
    private final Map<FlushReason, Long> batches = new EnumMap<>(FlushReason.class);
    private long backlog;
    private Distribution batchSizes = Distribution.empty();
    private Distribution processingNanos = Distribution.empty();
    private long busyNanos;
    private long idleNanos;

    private Builder(String name, StageKind kind) {
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
    public Builder received(long count) {
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
    public Builder emitted(long count) {
      this.emitted = nonNegative(count, "emitted");
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
    public Builder batches(FlushReason reason, long count) {
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
    public Builder backlog(long records) {
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
    public Builder batchSizes(Distribution sizes) {
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
    public Builder processingNanos(Distribution nanos) {
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
    public Builder time(long busy, long idle) {
      this.busyNanos = nonNegative(busy, "busy time");
      this.idleNanos = nonNegative(idle, "idle time");
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
}
