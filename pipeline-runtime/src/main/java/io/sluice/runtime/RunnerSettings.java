package io.sluice.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * How the local runner runs a blueprint: whether it measures time, how it makes its threads, and
 * how long a stopped run's threads get before the runner gives up on them.
 *
 * @param timing whether steps time their calls
 * @param threadFactory makes each thread of a run (the runner names it after its stages)
 * @param stopGrace how long, after a cancel (or a close deadline), threads stuck in a stage's call
 *     get to end before the runner gives up on them
 */
record RunnerSettings(boolean timing, ThreadFactory threadFactory, Duration stopGrace) {

  /** The grace a cancelled run's threads get by default: enough for an interrupted call. */
  static final Duration DEFAULT_STOP_GRACE = Duration.ofMillis(200);

  /** Daemon threads: a stage stuck in a call never keeps the JVM from exiting. */
  static final ThreadFactory DAEMON_THREADS = work -> {
    Thread thread = new Thread(work);
    thread.setDaemon(true);
    return thread;
  };

  static RunnerSettings defaults(boolean timing) {
    return new RunnerSettings(timing, DAEMON_THREADS, DEFAULT_STOP_GRACE);
  }
}
