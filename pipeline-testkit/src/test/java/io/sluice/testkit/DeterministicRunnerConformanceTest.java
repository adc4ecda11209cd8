package io.sluice.testkit;

import io.sluice.testkit.conformance.RunnerConformanceSuite;
import io.sluice.testkit.conformance.RunnerUnderTest;

/** The testkit's deterministic runner passes the runner conformance suite, in virtual time. */
class DeterministicRunnerConformanceTest extends RunnerConformanceSuite {
  private static final RunnerUnderTest RUNNER = RunnerUnderTest.deterministic();

  @Override
  protected RunnerUnderTest runner() {
    return RUNNER;
  }
}
