package io.sluice.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How records are handed to a stage: one at a time as they arrive (streaming), in batches flushed
 * by size and optionally by time (batch), or in batches of whatever has arrived (smart batching).
 * The one setting that makes a stage streaming or batch; the stage's code stays the same.
 *
 * <p>Values are immutable. The numeric bounds are checked when the dispatch is given to a stage
 * ({@link #requireValidFor(String)}), so the message can name that stage: a batch size below 1, a
 * maximum wait of zero or less, or one longer than {@link #MAX_WAIT_LIMIT}, are rejected there.
 */
public final class Dispatch {

  /** The longest maximum wait accepted; longer ones are taken for a unit mistake. */
  public static final Duration MAX_WAIT_LIMIT = Duration.ofHours(24);

  private static final Dispatch PER_RECORD = new Dispatch(false, 1, null, false, false);

  private final boolean batched;
  private final int maxSize;
  private final Duration maxWait;
  /** A {@code null} maxWait was given: rejected, naming the stage, when given to one. */
  private final boolean maxWaitMissing;
  private final boolean smart;

  private Dispatch(boolean batched, int maxSize, Duration maxWait, boolean maxWaitMissing,
      boolean smart) {
    this.batched = batched;
    this.maxSize = maxSize;
    this.maxWait = maxWait;
    this.maxWaitMissing = maxWaitMissing;
    this.smart = smart;
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
    return new Dispatch(true, maxSize, null, false, false);
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
    return new Dispatch(true, maxSize, maxWait, maxWait == null, false);
  }

  /**
   * Smart batching: the stage is handed whatever has arrived, up to {@code maxSize} records, and
   * never waits for more. A batch is flushed when it reaches {@code maxSize} ({@link
   * FlushReason#SIZE}) or as soon as the stage's input has nothing more right now ({@link
   * FlushReason#ARRIVED}); the last one at the end of the stream. Under light traffic a record is
   * handed over about as soon as it arrives (batches of one), under load the batches fill up while
   * the stage is busy with the previous one: what the LMAX Disruptor calls smart batching, and what
   * a Kafka producer does while a request is in flight. Batches are never empty and keep the
   * arrival order.
   *
   * <p>"Nothing more right now" is the end of what the stage could take from its input at once: on
   * the local runner, everything published in its ring when it looked (records travel in chunks,
   * so one hand-off is never split); on a stage fused onto another's thread, the end of what that
   * thread took in one go (a poll of the source, or one take from its ring); on the deterministic
   * runner, the end of each poll of a source and of each push to the live input.
   *
   * @param maxSize the largest batch; must be at least 1 (checked when given to a stage)
   * @return the smart-batching dispatch
   */
  public static Dispatch smart(int maxSize) {
    return new Dispatch(true, maxSize, null, false, true);
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
   * Tells whether this is {@linkplain #smart(int) smart batching}: batches of whatever has arrived,
   * flushed without waiting.
   *
   * @return {@code true} for a smart-batching dispatch
   */
  public boolean isSmart() {
    return smart;
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
        && Objects.equals(maxWait, d.maxWait) && maxWaitMissing == d.maxWaitMissing
        && smart == d.smart;
  }

  @Override
  public int hashCode() {
    return Objects.hash(batched, maxSize, maxWait, maxWaitMissing, smart);
  }

  /**
   * Returns the DSL spelling, e.g. {@code perRecord()}, {@code batched(500, 200ms)} or
   * {@code smart(256)}.
   */
  @Override
  public String toString() {
    if (!batched) {
      return "perRecord()";
    }
    if (maxWaitMissing) {
      return "batched(" + maxSize + ", null)";
    }
    if (smart) {
      return "smart(" + maxSize + ")";
    }
    return maxWait == null ? "batched(" + maxSize + ")"
        : "batched(" + maxSize + ", " + Durations.format(maxWait) + ")";
  }
}
