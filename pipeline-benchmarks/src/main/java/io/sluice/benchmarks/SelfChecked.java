package io.sluice.benchmarks;

/**
 * A benchmark state whose records per run depend on its parameters (say, 100 records per worker),
 * so it says itself what one run must count and return; the smoke test checks every benchmark
 * method of such a state against these instead of the {@code records} convention.
 */
public interface SelfChecked {
  /**
   * Returns the records one invocation pushes through, once set up.
   *
   * @return the records per run
   */
  long recordsPerRun();

  /**
   * Returns what one invocation must return: the sum its sink saw.
   *
   * @return the expected result
   */
  long expectedResult();
}
