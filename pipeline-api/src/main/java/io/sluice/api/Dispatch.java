package io.sluice.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How records are handed to a stage: one at a time as they arrive (streaming), or in batches
 * flushed by size and optionally by time (batch). The one setting that makes a stage streaming or
 * batch; the stage's code stays the same.
 *
 * <p>Values are immutable. The numeric bounds are checked when the dispatch is given to a stage
 * ({@link #requireValidFor(String)}), so the message can name that stage: a batch size below 1, a
 * maximum wait of zero or less, or one longer than {@link #MAX_WAIT_LIMIT}, are rejected there.
 */
public final class Dispatch {

  /** The longest maximum wait accepted; longer ones are taken for a unit mistake. */
  public static final Duration MAX_WAIT_LIMIT = Duration.ofHours(24);

  private static final Dispatch PER_RECORD = new Dispatch(false, 1, null, false);

  private final boolean batched;
  private final int maxSize;
  private final Duration maxWait;
  /** A {@code null} maxWait was given: rejected, naming the stage, when given to one. */
  private final boolean maxWaitMissing;

  private Dispatch(boolean batched, int maxSize, Duration maxWait, boolean maxWaitMissing) {
    this.batched = batched;
    this.maxSize = maxSize;
    this.maxWait = maxWait;
    this.maxWaitMissing = maxWaitMissing;
  }

  /**
   * Each record is handed to {@link Stage#process} as soon as the stage takes it from its ring.
   *
   * @return the per-record dispatch
   */
  public static Dispatch perRecord() {
    return PER_RECORD;
  }

  /**
   * Records are handed in batches of exactly {@code maxSize}; the last, partial batch is flushed at
   * the end of the stream (or when the pipeline is closed).
   *
   * @param maxSize the batch size; must be at least 1 (checked when given to a stage)
   * @return a size-triggered dispatch
   */
  public static Dispatch batched(int maxSize) {
    return new Dispatch(true, maxSize, null, false);
  }

  /**
   * Records are handed in batches of at most {@code maxSize}; a batch is also flushed when
   * {@code maxWait} has passed since its first record arrived, even if no further record comes.
   *
   * @param maxSize the batch size; must be at least 1 (checked when given to a stage)
   * @param maxWait the longest a record waits for its batch to fill; not {@code null}, positive
   *     and at most {@link #MAX_WAIT_LIMIT} (all checked when given to a stage, like every other
   *     bound, so that the message names the stage; use {@link #batched(int)} for batches
   *     without a time limit)
   * @return a size- and time-triggered dispatch
   */
  public static Dispatch batched(int maxSize, Duration maxWait) {
    return new Dispatch(true, maxSize, maxWait, maxWait == null);
  }

  /**
   * Checks the bounds of this dispatch for the named stage.
   *
   * @param stageName the stage the dispatch is given to, named in the message
   * @return this dispatch
   * @throws NullPointerException if the dispatch was made with a {@code null} maximum wait
   * @throws IllegalArgumentException if the batch size is below 1 or the maximum wait is not
   *     positive or longer than {@link #MAX_WAIT_LIMIT}
   */
  public Dispatch requireValidFor(String stageName) {
    if (maxWaitMissing) {
      throw new NullPointerException("stage '" + stageName + "': the maxWait of Dispatch.batched("
          + maxSize + ", maxWait) must not be null; use Dispatch.batched(" + maxSize + ") for "
          + "batches flushed by size only");
    }
    Checks.check(maxSize >= 1, "stage '%s': batch size must be at least 1 but was %d",
        stageName, maxSize);
    if (maxWait != null) {
      Checks.check(!maxWait.isNegative() && !maxWait.isZero(),
          "stage '%s': maxWait must be positive but was %s", stageName, maxWait);
      Checks.check(maxWait.compareTo(MAX_WAIT_LIMIT) <= 0,
          "stage '%s': maxWait must be at most %s but was %s", stageName, MAX_WAIT_LIMIT, maxWait);
    }
    return this;
  }

  /**
   * Tells whether records are handed in batches.
   *
   * @return {@code true} for a batched dispatch
   */
  public boolean isBatched() {
    return batched;
  }

  /**
   * Returns the largest batch handed to the stage; 1 for {@link #perRecord()}.
   *
   * @return the maximum batch size
   */
  public int maxSize() {
    return maxSize;
  }

  /**
   * Returns how long a batch may wait for more records after its first, if set.
   *
   * @return the maximum wait, or empty when batches are flushed by size and end of stream only
   */
  public Optional<Duration> maxWait() {
    return Optional.ofNullable(maxWait);
  }

  /**
   * Returns the maximum wait in nanoseconds, or {@code Long.MAX_VALUE} when none is set.
   *
   * @return the maximum wait in nanoseconds
   */
  public long maxWaitNanos() {
    return maxWait == null ? Long.MAX_VALUE : maxWait.toNanos();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Dispatch d && batched == d.batched && maxSize == d.maxSize
        && Objects.equals(maxWait, d.maxWait) && maxWaitMissing == d.maxWaitMissing;
  }

  @Override
  public int hashCode() {
    return Objects.hash(batched, maxSize, maxWait, maxWaitMissing);
  }

  /** Returns the DSL spelling, e.g. {@code perRecord()} or {@code batched(500, 200ms)}. */
  @Override
  public String toString() {
    if (!batched) {
      return "perRecord()";
    }
    if (maxWaitMissing) {
      return "batched(" + maxSize + ", null)";
    }
    return maxWait == null ? "batched(" + maxSize + ")"
        : "batched(" + maxSize + ", " + Durations.format(maxWait) + ")";
  }
}
