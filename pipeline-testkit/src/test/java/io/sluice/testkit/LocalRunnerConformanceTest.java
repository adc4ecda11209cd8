package io.sluice.testkit;

import io.sluice.runtime.LocalRunner;
import io.sluice.testkit.conformance.RunnerCapability;
import io.sluice.testkit.conformance.RunnerConformanceSuite;
import io.sluice.testkit.conformance.RunnerUnderTest;
import java.util.EnumSet;

/**
 * The local runner passes the runner conformance suite. It runs here rather than in
 * pipeline-runtime because the testkit depends on the runtime (the reverse would be a cycle).
 */
class LocalRunnerConformanceTest extends RunnerConformanceSuite {
  private static final RunnerUnderTest RUNNER =
      RunnerUnderTest.of(new LocalRunner(), EnumSet.allOf(RunnerCapability.class));

  @Override
  protected RunnerUnderTest runner() {
    return RUNNER;
  }
}
