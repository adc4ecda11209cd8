package io.sluice.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a stage does when {@link Stage#process}, {@link Stage#processBatch}, {@link Sink#write} or
 * {@link Sink#writeBatch} throws: an exception, or an {@code Error} such as an
 * {@code AssertionError} or a {@code StackOverflowError}. An error saying the JVM or the class path
 * is broken ({@code OutOfMemoryError} and the other {@code VirtualMachineError}s but stack
 * overflow, a {@code LinkageError}) fails the run whatever the policy, since every later record
 * would fail alike. Set per stage next to its {@link Dispatch}
 * ({@link PipelineBuilder#withErrorPolicy}, {@link StageOptions#withErrorPolicy}); the default is
 * {@link #failFast()}.
 *
 * <p>A policy has two parts: how often a failed record (or batch) is tried again, with exponential
 * backoff timed by the pipeline's clock, and the {@link Action} taken once the attempts are used
 * up: fail the run, skip the record, or hand it to a dead-letter sink. They compose:
 *
 * <pre>{@code
 * ErrorPolicy.failFast()                                      // the default
 * ErrorPolicy.skip(100)                                       // skip at most 100, then fail
 * ErrorPolicy.deadLetter(deadLetters)                         // park failures in a Sink<DeadLetter>
 * ErrorPolicy.deadLetter("rejected rows", parked::add)        // named, as describe() shows it
 * ErrorPolicy.retry(3, Duration.ofMillis(100), Duration.ofSeconds(2))          // then fail
 * ErrorPolicy.retry(3, Duration.ofMillis(100), Duration.ofSeconds(2)).thenDeadLetter(deadLetters)
 * }</pre>
 *
 * <p>Values are immutable. Numeric bounds are checked when the policy is given to a stage
 * ({@link #requireValidFor(String)}), so the message names that stage: fewer than 2 attempts for a
 * retry, a negative first backoff, a maximum backoff below the first or above
 * {@link #MAX_BACKOFF_LIMIT}, or a negative skip limit.
 *
 * <p>Sources have no error policy: a source that throws fails the run.
 */
public final class ErrorPolicy {

  /** What happens to a record once its attempts are used up. */
  public enum Action {
    /** The run fails with a {@link StageFailedException}. */
    FAIL,
    /** The record is dropped and counted as skipped; past the skip limit, the run fails. */
    SKIP,
    /** The record is written, as a {@link DeadLetter}, to the policy's dead-letter sink. */
    DEAD_LETTER
  }

  /** The longest backoff accepted; a longer one is taken for a unit mistake. */
  public static final Duration MAX_BACKOFF_LIMIT = Duration.ofHours(1);

  private static final ErrorPolicy FAIL_FAST =
      new ErrorPolicy(false, 1, Duration.ZERO, Duration.ZERO, Action.FAIL, Long.MAX_VALUE, null,
          null);

  private final boolean retrying;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Action action;
  private final long skipLimit;
  private final Sink<? super DeadLetter> deadLetters;
  private final String deadLetterName; // null unless given: the sink's own name is read late

  private ErrorPolicy(boolean retrying, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
      Action action, long skipLimit, Sink<? super DeadLetter> deadLetters, String deadLetterName) {
    this.retrying = retrying;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.action = action;
    this.skipLimit = skipLimit;
    this.deadLetters = deadLetters;
    this.deadLetterName = deadLetterName;
  }

  /**
   * The first failure fails the run (the default of every stage).
   *
   * @return the fail-fast policy
   */
  public static ErrorPolicy failFast() {
    return FAIL_FAST;
  }

  /**
   * A failing record is dropped and counted as skipped, without limit.
   *
   * @return a skipping policy
   */
  public static ErrorPolicy skip() {
    return FAIL_FAST.thenSkip();
  }

  /**
   * A failing record is dropped and counted as skipped; once {@code limit} records of the stage
   * have been skipped in a run, the next failure fails the run.
   *
   * @param limit how many records may be skipped per run; 0 or more (checked when given to a
   *     stage)
   * @return a skipping policy with a limit
   */
  public static ErrorPolicy skip(long limit) {
    return FAIL_FAST.thenSkip(limit);
  }

  /**
   * A failing record is written, as a {@link DeadLetter}, to {@code sink}. The runner opens the
   * sink before its first dead letter of a run and closes it at the end of that run, calls it on
   * the failing stage's thread, one call at a time even when several stages of the run share it; a
   * sink that throws fails the run. A sink shared by runs that overlap in time must be thread-safe.
   *
   * <p>{@code describe()} shows the sink by its {@code toString()} if its class has one, as
   * {@code lambda} for a lambda or method reference; {@link #deadLetter(String, Sink)} names it.
   *
   * @param sink where dead letters go
   * @return a dead-letter policy
   * @throws NullPointerException if {@code sink} is {@code null}
   */
  public static ErrorPolicy deadLetter(Sink<? super DeadLetter> sink) {
    return FAIL_FAST.thenDeadLetter(sink);
  }

  /**
   * Like {@link #deadLetter(Sink)}, with the name {@code describe()} and messages show for the
   * sink, e.g. {@code deadLetter("rejected rows", parked::add)} is described as
   * {@code deadLetter(rejected rows)}.
   *
   * @param name what the sink is, for people: not blank
   * @param sink where dead letters go
   * @return a dead-letter policy
   * @throws NullPointerException if {@code name} or {@code sink} is {@code null}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static ErrorPolicy deadLetter(String name, Sink<? super DeadLetter> sink) {
    return FAIL_FAST.thenDeadLetter(name, sink);
  }

  /**
   * A failing record (or batch) is tried again, up to {@code maxAttempts} calls in all, waiting
   * {@code firstBackoff} before the second attempt and twice as long before each further one, but
   * never longer than {@code maxBackoff}; the wait is measured by the pipeline's clock. When the
   * attempts are used up the run fails, unless {@link #thenSkip()} or {@link #thenDeadLetter}
   * says otherwise.
   *
   * @param maxAttempts the calls in all, counting the first: at least 2 (checked when given to a
   *     stage)
   * @param firstBackoff the wait before the second attempt; zero or more
   * @param maxBackoff the longest wait; at least {@code firstBackoff}, at most
   *     {@link #MAX_BACKOFF_LIMIT}
   * @return a retrying policy that fails the run when retries are exhausted
   * @throws NullPointerException if a duration is {@code null}
   */
  public static ErrorPolicy retry(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
    return new ErrorPolicy(true, maxAttempts, Checks.notNull(firstBackoff, "firstBackoff"),
        Checks.notNull(maxBackoff, "maxBackoff"), Action.FAIL, Long.MAX_VALUE, null, null);
  }

  /**
   * Returns a copy that skips, without limit, a record whose attempts are used up.
   *
   * @return the changed policy
   */
  public ErrorPolicy thenSkip() {
    return new ErrorPolicy(retrying, maxAttempts, firstBackoff, maxBackoff, Action.SKIP,
        Long.MAX_VALUE, null, null);
  }

  /**
   * Returns a copy that skips a record whose attempts are used up, at most {@code limit} per run;
   * the failure after that fails the run.
   *
   * @param limit how many records may be skipped per run; 0 or more (checked when given to a
   *     stage)
   * @return the changed policy
   */
  public ErrorPolicy thenSkip(long limit) {
    return new ErrorPolicy(retrying, maxAttempts, firstBackoff, maxBackoff, Action.SKIP, limit,
        null, null);
  }

  /**
   * Returns a copy that writes a record whose attempts are used up to a dead-letter sink (see
   * {@link #deadLetter(Sink)}).
   *
   * @param sink where dead letters go
   * @return the changed policy
   * @throws NullPointerException if {@code sink} is {@code null}
   */
  public ErrorPolicy thenDeadLetter(Sink<? super DeadLetter> sink) {
    return new ErrorPolicy(retrying, maxAttempts, firstBackoff, maxBackoff, Action.DEAD_LETTER,
        Long.MAX_VALUE, Checks.notNull(sink, "dead-letter sink"), null);
  }

  /**
   * Returns a copy that writes a record whose attempts are used up to a dead-letter sink shown
   * under {@code name} (see {@link #deadLetter(String, Sink)}).
   *
   * @param name what the sink is, for people: not blank
   * @param sink where dead letters go
   * @return the changed policy
   * @throws NullPointerException if {@code name} or {@code sink} is {@code null}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public ErrorPolicy thenDeadLetter(String name, Sink<? super DeadLetter> sink) {
    Checks.notNull(name, "dead-letter sink name");
    Checks.check(!name.isBlank(), "the dead-letter sink name must not be blank but was '%s'", name);
    return new ErrorPolicy(retrying, maxAttempts, firstBackoff, maxBackoff, Action.DEAD_LETTER,
        Long.MAX_VALUE, Checks.notNull(sink, "dead-letter sink"), name);
  }

  /**
   * Checks the bounds of this policy for the named stage.
   *
   * @param stageName the stage the policy is given to, named in the message
   * @return this policy
   * @throws IllegalArgumentException if a retry has fewer than 2 attempts, a negative first
   *     backoff, or a maximum backoff below the first or above {@link #MAX_BACKOFF_LIMIT}; or if
   *     the skip limit is negative
   */
  public ErrorPolicy requireValidFor(String stageName) {
    if (retrying) {
      Checks.check(maxAttempts >= 2, "stage '%s': a retry needs at least 2 attempts (the first "
          + "call counts as one) but maxAttempts was %d", stageName, maxAttempts);
      Checks.check(!firstBackoff.isNegative(),
          "stage '%s': firstBackoff must not be negative but was %s", stageName, firstBackoff);
      Checks.check(maxBackoff.compareTo(firstBackoff) >= 0,
          "stage '%s': maxBackoff must be at least firstBackoff (%s) but was %s", stageName,
          firstBackoff, maxBackoff);
      Checks.check(maxBackoff.compareTo(MAX_BACKOFF_LIMIT) <= 0,
          "stage '%s': maxBackoff must be at most %s but was %s", stageName, MAX_BACKOFF_LIMIT,
          maxBackoff);
    }
    Checks.check(skipLimit >= 0, "stage '%s': the skip limit must not be negative but was %d",
        stageName, skipLimit);
    return this;
  }

  /**
   * Returns how many calls a failing record or batch gets in all, counting the first; 1 when the
   * policy does not retry.
   *
   * @return the maximum attempts
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns how long to wait, by the pipeline clock, before the given attempt:
   * {@code firstBackoff * 2^(attempt - 2)}, capped at the maximum backoff.
   *
   * @param attempt the attempt about to be made, 2 or more
   * @return the wait
   * @throws IllegalArgumentException if {@code attempt} is below 2
   */
  public Duration backoffBefore(int attempt) {
    Checks.check(attempt >= 2, "the first attempt has no backoff; asked for attempt %d", attempt);
    if (firstBackoff.isZero()) {
      return Duration.ZERO;
    }
    Duration wait = firstBackoff;
    for (int i = 2; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) < 0 ? wait : maxBackoff;
  }

  /**
   * Returns what happens to a record once its attempts are used up.
   *
   * @return the action
   */
  public Action action() {
    return action;
  }

  /**
   * Returns how many records a {@link Action#SKIP} policy may skip per run, if limited.
   *
   * @return the limit, or empty when unlimited or the action is not SKIP
   */
  public OptionalLong skipLimit() {
    return action == Action.SKIP && skipLimit != Long.MAX_VALUE ? OptionalLong.of(skipLimit)
        : OptionalLong.empty();
  }

  /**
   * Returns the sink of a {@link Action#DEAD_LETTER} policy.
   *
   * @return the dead-letter sink, or empty for other actions
   */
  public Optional<Sink<? super DeadLetter>> deadLetterSink() {
    return Optional.ofNullable(deadLetters);
  }

  /**
   * Returns how the dead-letter sink is shown: the name it was given, else its
   * {@code toString()} if its class declares one, else {@code lambda} for a lambda or method
   * reference, {@code anonymous} for an anonymous class, or the simple name of its class.
   *
   * @return the dead-letter sink's name, or empty for other actions
   */
  public Optional<String> deadLetterName() {
    if (deadLetters == null) {
      return Optional.empty();
    }
    return Optional.of(deadLetterName != null ? deadLetterName : DisplayNames.of(deadLetters));
  }

  /**
   * Tells whether this policy is the default: no retries, and the first failure fails the run.
   *
   * @return {@code true} for {@link #failFast()}
   */
  public boolean isFailFast() {
    return !retrying && action == Action.FAIL;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ErrorPolicy p && retrying == p.retrying && maxAttempts == p.maxAttempts
        && firstBackoff.equals(p.firstBackoff) && maxBackoff.equals(p.maxBackoff)
        && action == p.action && skipLimit == p.skipLimit && deadLetters == p.deadLetters
        && Objects.equals(deadLetterName, p.deadLetterName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(retrying, maxAttempts, firstBackoff, maxBackoff, action, skipLimit,
        System.identityHashCode(deadLetters), deadLetterName);
  }

  /** Returns the DSL spelling, e.g. {@code retry(3, 100ms, 2s).thenSkip(10)}. */
  @Override
  public String toString() {
    String then = switch (action) {
      case FAIL -> "";
      case SKIP -> skipLimit == Long.MAX_VALUE ? "skip()" : "skip(" + skipLimit + ")";
      case DEAD_LETTER -> "deadLetter(" + deadLetterName().orElseThrow() + ")";
    };
    if (!retrying) {
      return then.isEmpty() ? "failFast()" : then;
    }
    String retry = "retry(" + maxAttempts + ", " + Durations.format(firstBackoff) + ", "
        + Durations.format(maxBackoff) + ")";
    return then.isEmpty() ? retry
        : retry + ".then" + Character.toUpperCase(then.charAt(0)) + then.substring(1);
  }
}
