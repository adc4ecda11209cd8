package io.sluice.flow.tck;

import org.reactivestreams.tck.TestEnvironment;

/** The TCK's waits: generous for a loaded 2-core machine, short enough to keep the suite fast. */
final class TckTiming {
  /** How long the TCK waits for a signal it expects. */
  static final long SIGNAL_TIMEOUT_MILLIS = 2_000;
  /** How long the TCK watches for a signal that must not come (every such check waits it out). */
  static final long NO_SIGNAL_TIMEOUT_MILLIS = 50;
  /** How often the TCK looks again for an expected signal or error. */
  static final long POLL_MILLIS = 10;
  /** How long the TCK waits for a cancelled subscriber to be collected (rule 3.13). */
  static final long GC_TIMEOUT_MILLIS = 1_000;

  private TckTiming() {}

  static TestEnvironment environment() {
    return new TestEnvironment(SIGNAL_TIMEOUT_MILLIS, NO_SIGNAL_TIMEOUT_MILLIS, POLL_MILLIS);
  }
}
