package io.sluice.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The setting of an {@link AsyncStage}: how many calls (or batches, under a batched dispatch) may
 * be in flight at once, whether outputs leave in input order, and an optional timeout per call.
 * When {@link #maxInFlight()} calls are in flight the stage takes no more input, which holds back
 * the stages before it (backpressure). Ordered outputs wait for the calls started before them.
 *
 * <p>Immutable. Bounds are checked when the setting is given to a stage
 * ({@link #requireValidFor(String)}), naming the stage.
 */
public final class Async {
  /** The most calls a stage may keep in flight. */
  public static final int MAX_IN_FLIGHT = 1 << 16;

  private final int maxInFlight;
  private final boolean ordered;
  private final Duration timeout;

  private Async(int maxInFlight, boolean ordered, Duration timeout) {
    this.maxInFlight = maxInFlight;
    this.ordered = ordered;
    this.timeout = timeout;
  }

  /**
   * Up to {@code maxInFlight} calls in flight; outputs leave in input order.
   *
   * @param maxInFlight the bound (checked when given to a stage: 1 to {@link #MAX_IN_FLIGHT})
   * @return the setting
   */
  public static Async ordered(int maxInFlight) {
    return new Async(maxInFlight, true, null);
  }

  /**
   * Up to {@code maxInFlight} calls in flight; outputs leave as calls complete.
   *
   * @param maxInFlight the bound (checked when given to a stage: 1 to {@link #MAX_IN_FLIGHT})
   * @return the setting
   */
  public static Async unordered(int maxInFlight) {
    return new Async(maxInFlight, false, null);
  }

  /**
   * Returns this setting with a timeout per call, measured on the pipeline's clock from the
   * moment the call started: a call not complete by then fails with a
   * {@link java.util.concurrent.TimeoutException} and goes to the error policy; its late result is
   * ignored.
   *
   * @param timeout the timeout (checked when given to a stage: positive, at most
   *     {@link Dispatch#MAX_WAIT_LIMIT})
   * @return the new setting
   * @throws NullPointerException if {@code timeout} is {@code null}
   */
  public Async withTimeout(Duration timeout) {
    return new Async(maxInFlight, ordered, Checks.notNull(timeout, "async call timeout"));
  }

  /**
   * Checks the bounds, naming the stage.
   *
   * @param stageName the stage given this setting
   * @return this setting
   * @throws IllegalArgumentException if a bound is broken
   */
  public Async requireValidFor(String stageName) {
    Checks.check(maxInFlight >= 1 && maxInFlight <= MAX_IN_FLIGHT,
        "stage '%s': async calls in flight must be between 1 and %d but was %d", stageName,
        MAX_IN_FLIGHT, maxInFlight);
    if (timeout != null) {
      Checks.check(!timeout.isNegative() && !timeout.isZero()
              && timeout.compareTo(Dispatch.MAX_WAIT_LIMIT) <= 0,
          "stage '%s': async call timeout must be positive and at most %s but was %s", stageName,
          Dispatch.MAX_WAIT_LIMIT, timeout);
    }
    return this;
  }

  /**
   * Returns the most calls (or batches) in flight.
   *
   * @return the bound
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Tells whether outputs leave in input order.
   *
   * @return {@code true} if ordered
   */
  public boolean ordered() {
    return ordered;
  }

  /**
   * Returns the timeout per call.
   *
   * @return the timeout, empty if calls may take as long as they take
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Async a && maxInFlight == a.maxInFlight && ordered == a.ordered
        && Objects.equals(timeout, a.timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxInFlight, ordered, timeout);
  }

  /** Reads as in the DSL: {@code async(16, ORDERED, timeout 2s)}. */
  @Override
  public String toString() {
    return "async(" + maxInFlight + ", " + (ordered ? "ORDERED" : "UNORDERED")
        + (timeout == null ? "" : ", timeout " + Durations.format(timeout)) + ")";
  }
}
