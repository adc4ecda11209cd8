package io.sluice.api;

import java.util.Objects;

/**
 * The settings of one stage: its {@link Dispatch}, its {@link ErrorPolicy}, the size of its
 * input ring and its {@link Fusion} (whether it shares the thread of the stage before it).
 * Immutable; each {@code with...} method returns a changed copy, so adding a setting is a local
 * change.
 */
public final class StageOptions {

  /** The default capacity, in records, of a stage's input ring. */
  public static final int DEFAULT_RING_SIZE = 4096;

  /** The largest ring size accepted. */
  public static final int MAX_RING_SIZE = 1 << 26;

  /**
   * The largest ring size accepted for the stage a live input feeds: its ring holds one record per
   * slot (callers push records one at a time), so it costs about 50 bytes per record whether used
   * or not, and this bound (about 50 MB) keeps it startable in a normal heap.
   */
  public static final int MAX_LIVE_RING_SIZE = 1 << 20;

  private static final StageOptions DEFAULTS = new StageOptions(Dispatch.perRecord(),
      ErrorPolicy.failFast(), DEFAULT_RING_SIZE, Fusion.AUTO, Parallelism.none(), null);

  private final Dispatch dispatch;
  private final ErrorPolicy errorPolicy;
  private final int ringSize;
  private final Fusion fusion;
  private final Parallelism parallelism;
  private final Async async;

  private StageOptions(Dispatch dispatch, ErrorPolicy errorPolicy, int ringSize, Fusion fusion,
      Parallelism parallelism, Async async) {
    this.dispatch = dispatch;
    this.errorPolicy = errorPolicy;
    this.ringSize = ringSize;
    this.fusion = fusion;
    this.parallelism = parallelism;
    this.async = async;
  }

  /**
   * Returns the defaults: {@link Dispatch#perRecord()}, {@link ErrorPolicy#failFast()}, a ring
   * of {@link #DEFAULT_RING_SIZE} and {@link Fusion#AUTO}.
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
   * Returns what the stage does when it throws on a record or batch.
   *
   * @return the error policy
   */
  public ErrorPolicy errorPolicy() {
    return errorPolicy;
  }

  /**
   * Returns how many records the stage's input ring holds before its producer blocks (unused
   * when the stage is fused: it has no ring).
   *
   * @return the ring size, a power of two
   */
  public int ringSize() {
    return ringSize;
  }

  /**
   * Returns whether the stage shares the thread of the stage before it; see {@link Fusion}.
   *
   * @return the fusion setting
   */
  public Fusion fusion() {
    return fusion;
  }

  /**
   * Returns a copy with another dispatch.
   *
   * @param dispatch the dispatch
   * @return the changed copy
   * @throws NullPointerException if {@code dispatch} is {@code null}
   */
  public StageOptions withDispatch(Dispatch dispatch) {
    return new StageOptions(Checks.notNull(dispatch, "dispatch"), errorPolicy, ringSize, fusion,
        parallelism, async);
  }

  /**
   * Returns a copy with another error policy (checked by {@link #requireValidFor(String)}).
   *
   * @param policy the error policy
   * @return the changed copy
   * @throws NullPointerException if {@code policy} is {@code null}
   */
  public StageOptions withErrorPolicy(ErrorPolicy policy) {
    return new StageOptions(dispatch, Checks.notNull(policy, "error policy"), ringSize,
        fusion, parallelism, async);
  }

  /**
   * Returns a copy with another ring size (checked by {@link #requireValidFor(String)}).
   *
   * @param ringSize the ring size in records
   * @return the changed copy
   */
  public StageOptions withRingSize(int ringSize) {
    return new StageOptions(dispatch, errorPolicy, ringSize, fusion, parallelism, async);
  }

  /**
   * Returns a copy with another fusion setting: {@link Fusion#FUSED} to run the stage on the
   * thread of the stage before it, {@link Fusion#OWN_THREAD} to give it a thread of its own,
   * {@link Fusion#AUTO} for the default rule.
   *
   * @param fusion the fusion setting
   * @return the changed copy
   * @throws NullPointerException if {@code fusion} is {@code null}
   */
  public StageOptions withFusion(Fusion fusion) {
    return new StageOptions(dispatch, errorPolicy, ringSize, Checks.notNull(fusion, "fusion"),
        parallelism, async);
  }

  /**
   * Returns this with another {@link Parallelism}: how many workers run the stage and in what
   * order their outputs leave.
   *
   * @param parallelism the setting
   * @return the new options
   * @throws NullPointerException if {@code parallelism} is {@code null}
   */
  public StageOptions withParallelism(Parallelism parallelism) {
    return new StageOptions(dispatch, errorPolicy, ringSize, fusion,
        Checks.notNull(parallelism, "parallelism"), async);
  }

  /**
   * Returns this with an {@link Async} setting, for an {@link AsyncStage}: the DSL's
   * {@code stageAsync} sets it.
   *
   * @param async the setting
   * @return the new options
   * @throws NullPointerException if {@code async} is {@code null}
   */
  public StageOptions withAsync(Async async) {
    return new StageOptions(dispatch, errorPolicy, ringSize, fusion, parallelism,
        Checks.notNull(async, "async setting"));
  }

  /**
   * Returns how many workers run the stage, and how their outputs are ordered.
   *
   * @return the parallelism, {@link Parallelism#none()} by default
   */
  public Parallelism parallelism() {
    return parallelism;
  }

  /**
   * Returns the async setting of an {@link AsyncStage}.
   *
   * @return the setting, empty for an ordinary stage
   */
  public java.util.Optional<Async> async() {
    return java.util.Optional.ofNullable(async);
  }

  /**
   * Tells whether the stage runs concurrently: parallel workers, or async calls in flight. Such a
   * stage is never fused with its neighbours: it needs its own workers.
   *
   * @return {@code true} if parallel or async
   */
  public boolean isConcurrent() {
    return parallelism.isParallel() || async != null;
  }

  /**
   * Checks every setting for the named stage.
   *
   * @param stageName the stage, named in the message
   * @return these options
   * @throws IllegalArgumentException if the dispatch or error policy is invalid or the ring size is
   *     not a power of two between 1 and {@link #MAX_RING_SIZE}
   */
  public StageOptions requireValidFor(String stageName) {
    dispatch.requireValidFor(stageName);
    errorPolicy.requireValidFor(stageName);
    parallelism.requireValidFor(stageName);
    if (async != null) {
      async.requireValidFor(stageName);
      Checks.check(!parallelism.isParallel(), "stage '%s' is asynchronous (%s) and cannot also be "
          + "%s: its calls in flight are its concurrency", stageName, async, parallelism);
    }
    Checks.check(ringSize > 0 && Integer.bitCount(ringSize) == 1 && ringSize <= MAX_RING_SIZE,
        "stage '%s': ring size must be a power of two between 1 and %d but was %d",
        stageName, MAX_RING_SIZE, ringSize);
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StageOptions o && dispatch.equals(o.dispatch)
        && errorPolicy.equals(o.errorPolicy) && ringSize == o.ringSize && fusion == o.fusion
        && parallelism.equals(o.parallelism) && Objects.equals(async, o.async);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dispatch, errorPolicy, ringSize, fusion, parallelism, async);
  }

  @Override
  public String toString() {
    return dispatch + (parallelism.isParallel() ? ", " + parallelism : "")
        + (async == null ? "" : ", " + async) + ", ring " + ringSize
        + (errorPolicy.isFailFast() ? "" : ", on error " + errorPolicy)
        + switch (fusion) {
          case AUTO -> "";
          case FUSED -> ", fused";
          case OWN_THREAD -> ", own thread";
        };
  }
}
