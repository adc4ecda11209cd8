package io.sluice.benchmarks.latency;

/**
 * The record whose journey is timed: the push time, the entry time at each of the three stages
 * and at the sink, and the moment the slow stage (if any) finished with it. Made once in a pool and
 * reused, so timing allocates nothing; each field is written by one thread and read by the next
 * after the hand-off, which publishes it.
 */
public final class Probe {
  /** Stages before the sink. */
  public static final int STAGES = 3;

  long pushed;
  /** Entry time at stage 1, 2, 3 and at the sink. */
  final long[] entered = new long[STAGES + 1];
  /** When the slow stage returned it, for the slow-stage scenario. */
  long leftSlowStage;
  int burstIndex;

  /** Stamps the entry at hop {@code hop} (0..2 for the stages, 3 for the sink). */
  Probe enter(int hop) {
    entered[hop] = System.nanoTime();
    return this;
  }
}
