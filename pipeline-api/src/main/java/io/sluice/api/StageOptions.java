package io.sluice.api;

import java.util.Objects;

/**
 * The settings of one stage: its {@link Dispatch} and the size of its input ring. Immutable; each
 * {@code with...} method returns a changed copy, so adding a setting is a local change.
 */
public final class StageOptions {

  /** The default capacity, in records, of a stage's input ring. */
  public static final int DEFAULT_RING_SIZE = 4096;

  /** The largest ring size accepted. */
  public static final int MAX_RING_SIZE = 1 << 26;

  private static final StageOptions DEFAULTS =
      new StageOptions(Dispatch.perRecord(), DEFAULT_RING_SIZE);

  private final Dispatch dispatch;
  private final int ringSize;

  private StageOptions(Dispatch dispatch, int ringSize) {
    this.dispatch = dispatch;
    this.ringSize = ringSize;
  }

  /**
   * Returns the defaults: {@link Dispatch#perRecord()} and a ring of {@link #DEFAULT_RING_SIZE}.
   *
   * @return the default options
   */
  public static StageOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns how records are handed to the stage.
   *
   * @return the dispatch
   */
  public Dispatch dispatch() {
    return dispatch;
  }

  /**
   * Returns how many records the stage's input ring holds before its producer blocks.
   *
   * @return the ring size, a power of two
   */
  public int ringSize() {
    return ringSize;
  }

  /**
   * Returns a copy with another dispatch.
   *
   * @param dispatch the dispatch
   * @return the changed copy
   * @throws NullPointerException if {@code dispatch} is {@code null}
   */
  public StageOptions withDispatch(Dispatch dispatch) {
    return new StageOptions(Checks.notNull(dispatch, "dispatch"), ringSize);
  }

  /**
   * Returns a copy with another ring size (checked by {@link #requireValidFor(String)}).
   *
   * @param ringSize the ring size in records
   * @return the changed copy
   */
  public StageOptions withRingSize(int ringSize) {
    return new StageOptions(dispatch, ringSize);
  }

  /**
   * Checks every setting for the named stage.
   *
   * @param stageName the stage, named in the message
   * @return these options
   * @throws IllegalArgumentException if the dispatch is invalid or the ring size is not a power of
   *     two between 1 and {@link #MAX_RING_SIZE}
   */
  public StageOptions requireValidFor(String stageName) {
    dispatch.requireValidFor(stageName);
    Checks.check(ringSize > 0 && Integer.bitCount(ringSize) == 1 && ringSize <= MAX_RING_SIZE,
        "stage '%s': ring size must be a power of two between 1 and %d but was %d",
        stageName, MAX_RING_SIZE, ringSize);
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StageOptions o && dispatch.equals(o.dispatch) && ringSize == o.ringSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(dispatch, ringSize);
  }

  @Override
  public String toString() {
    return dispatch + ", ring " + ringSize;
  }
}
