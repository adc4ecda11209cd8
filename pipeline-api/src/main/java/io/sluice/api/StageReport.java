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

  private StageReport(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.received = b.received;
    this.emitted = b.emitted;
    this.batches = Collections.unmodifiableMap(new EnumMap<>(b.batches));
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
