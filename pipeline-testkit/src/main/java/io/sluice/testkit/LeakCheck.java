package io.sluice.testkit;

import io.sluice.api.RunningPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what a test left behind: pipeline runs started through a {@link PipelineTester} that have
 * not ended, and threads named {@code sluice-...} (the runtime names every thread
 * {@code sluice-<pipeline>-<stage>}) that appeared since the check started and are still alive.
 *
 * <pre>{@code
 * LeakCheck check = LeakCheck.start();
 * ... the test ...
 * check.assertNoLeaks(List.of(tester));
 * }</pre>
 *
 * <p>Runs and threads that are still ending (a {@code cancel()} returns without waiting) get a
 * grace period before they count as leaks; a clean test never waits. Leaked runs are cancelled
 * after the check, so one leaking test does not spill into the next. The JUnit extension and the
 * jqwik hook use this; other frameworks can too.
 */
public final class LeakCheck {

  /** The prefix of the name of every thread the runtime starts. */
  public static final String THREAD_PREFIX = "sluice-";

  /**
   * The system property that sets the grace period of {@link #start()}, as an ISO-8601 duration
   * such as {@code PT0.5S}.
   */
  public static final String GRACE_PROPERTY = "sluice.testkit.leak-grace";

  /**
   * How long a run or thread may take to end before it counts as leaked, unless
   * {@value #GRACE_PROPERTY} says otherwise.
   */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(LeakCheck.class);

  private final Set<Thread> known = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Duration grace;

  private LeakCheck(Duration grace) {
    this.grace = grace;
    known.addAll(aliveSluiceThreads());
  }

  /**
   * Starts a check with the default grace period ({@value #GRACE_PROPERTY}, else
   * {@link #DEFAULT_GRACE}): the {@code sluice-} threads alive now are not this test's doing and
   * will not be reported.
   *
   * @return the check
   * @throws IllegalArgumentException if {@value #GRACE_PROPERTY} is not an ISO-8601 duration
   */
  public static LeakCheck start() {
    return start(defaultGrace());
  }

  /**
   * Returns the grace period {@link #start()} uses.
   *
   * @return {@value #GRACE_PROPERTY} if set, else {@link #DEFAULT_GRACE}
   * @throws IllegalArgumentException if {@value #GRACE_PROPERTY} is not a non-negative ISO-8601
   *     duration
   */
  public static Duration defaultGrace() {
    String text = System.getProperty(GRACE_PROPERTY);
    if (text == null || text.isBlank()) {
      return DEFAULT_GRACE;
    }
    try {
      return Duration.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("system property " + GRACE_PROPERTY + " must be an "
          + "ISO-8601 duration such as PT0.5S, not '" + text + "'", e);
    }
  }

  /**
   * Starts a check with a given grace period.
   *
   * @param grace how long runs and threads may take to end; zero or more
   * @return the check
   * @throws NullPointerException if {@code grace} is {@code null}
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public static LeakCheck start(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative but was " + grace);
    }
    return new LeakCheck(grace);
  }

  /**
   * Returns the live threads whose name starts with {@value #THREAD_PREFIX}.
   *
   * @return the threads, in no particular order
   */
  public static List<Thread> aliveSluiceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX))
        .toList();
  }

  /**
   * Stops reporting the given threads, e.g. because an inner check already reported them.
   *
   * @param threads the threads
   * @throws NullPointerException if {@code threads} is {@code null}
   */
  public void ignore(Collection<Thread> threads) {
    synchronized (known) {
      known.addAll(threads);
    }
  }

  /**
   * Finds the leaks: runs of the testers that have not ended and new {@code sluice-} threads still
   * alive, after giving each up to the grace period to end. Cancels the leaked runs afterwards.
   *
   * @param testers the testers whose runs to check
   * @return what leaked; {@link Leaks#isEmpty()} when nothing did
   * @throws NullPointerException if {@code testers} is {@code null}
   */
  public Leaks find(Collection<PipelineTester> testers) {
    long deadline = System.nanoTime() + grace.toNanos();
    List<RunningPipeline<?>> leakedRuns = new ArrayList<>();
    for (PipelineTester tester : testers) {
      for (RunningPipeline<?> run : tester.unfinishedRuns()) {
        if (!(run instanceof DeterministicRun) && endsBy(run, deadline)) {
          continue;
        }
        leakedRuns.add(run);
      }
    }
    List<Thread> leakedThreads = new ArrayList<>();
    for (Thread thread : aliveSluiceThreads()) {
      boolean isNew;
      synchronized (known) {
        isNew = !known.contains(thread);
      }
      if (isNew && !joinBy(thread, deadline)) {
        leakedThreads.add(thread);
      }
    }
    List<String> runNames = leakedRuns.stream().map(LeakCheck::describe).toList();
    for (RunningPipeline<?> run : leakedRuns) {
      end(run, grace);
    }
    Leaks leaks = new Leaks(runNames, leakedThreads);
    if (!leaks.isEmpty()) {
      LOG.warn("{}", leaks.describe());
    }
    return leaks;
  }

  /**
   * Fails if anything leaked; see {@link #find}.
   *
   * @param testers the testers whose runs to check
   * @throws AssertionError naming every leaked run and thread
   * @throws NullPointerException if {@code testers} is {@code null}
   */
  public void assertNoLeaks(Collection<PipelineTester> testers) {
    Leaks leaks = find(testers);
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.describe());
    }
  }

  private static String describe(RunningPipeline<?> run) {
    return "'" + run.name() + "' ("
        + (run instanceof DeterministicRun ? "deterministic" : "runtime") + ")";
  }

  /** Waits until the deadline for a run to end; true if it did. */
  private static boolean endsBy(RunningPipeline<?> run, long deadline) {
    try {
      run.awaitCompletion(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return run.isDone();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return run.isDone();
    } catch (RuntimeException failedOrOther) {
      return run.isDone(); // a failure ends a run: not a leak
    }
  }

  private static boolean joinBy(Thread thread, long deadline) {
    long left = deadline - System.nanoTime();
    try {
      if (left > 0) {
        thread.join(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** Cancels a run and waits up to {@code patience} for it to end, swallowing its failure. */
  static void end(RunningPipeline<?> run, Duration patience) {
    try {
      run.cancel();
      if (!(run instanceof DeterministicRun)) {
        endsBy(run, System.nanoTime() + patience.toNanos());
      }
    } catch (RuntimeException e) {
      LOG.warn("ending leaked run of pipeline '{}' failed", run.name(), e);
    }
  }

  @Override
  public String toString() {
    return "LeakCheck (grace " + grace + ")";
  }
}
