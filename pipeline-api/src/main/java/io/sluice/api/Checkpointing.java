package io.sluice.api;

import java.time.Duration;

/**
 * A blueprint's checkpoint setting ({@link Pipeline#withCheckpoints}): where checkpoints are kept
 * and how often one is taken. Immutable.
 *
 * @param store where the last completed checkpoint is kept
 * @param interval how long after one checkpoint the next is started, from
 *     {@link #MIN_INTERVAL} to {@link #MAX_INTERVAL}
 */
public record Checkpointing(CheckpointStore store, Duration interval) {
  /** The shortest interval: a checkpoint costs a flush of every batch and a store write. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(1);
  /** The longest interval accepted. */
  public static final Duration MAX_INTERVAL = Duration.ofDays(1);

  /**
   * Checks the setting.
   *
   * @param store where the last completed checkpoint is kept
   * @param interval how often a checkpoint is taken
   * @throws NullPointerException if {@code store} or {@code interval} is {@code null}
   * @throws IllegalArgumentException if {@code interval} is outside
   *     [{@link #MIN_INTERVAL}, {@link #MAX_INTERVAL}], naming it
   */
  public Checkpointing {
    Checks.notNull(store, "checkpoint store");
    Checks.notNull(interval, "checkpoint interval");
    Checks.check(interval.compareTo(MIN_INTERVAL) >= 0 && interval.compareTo(MAX_INTERVAL) <= 0,
        "the checkpoint interval must be from %s to %s but was %s",
        Durations.format(MIN_INTERVAL), Durations.format(MAX_INTERVAL),
        Durations.format(interval));
  }

  @Override
  public String toString() {
    return "checkpoints every " + Durations.format(interval) + " to " + store;
  }

  /**
   * Checks that runs of {@code pipeline} can take these checkpoints: every input is a source
   * (pushed records cannot be read again). Parallel and asynchronous stages take part: a barrier
   * passes such a stage once every record before it was settled by the workers or calls and
   * released downstream.
   */
  void requireSupportedBy(Pipeline<?> pipeline) {
    for (StageDefinition input : pipeline.inputs()) {
      Checks.check(input.kind() == StageKind.SOURCE, "pipeline '%s': live input '%s' cannot be "
          + "read again, so a run could not resume it from a checkpoint; checkpoints need "
          + "sources implementing ResumableSource", pipeline.name(), input.name());
    }
  }
}
