package io.sluice.flink;

import io.sluice.testkit.conformance.RunnerCapability;
import io.sluice.testkit.conformance.RunnerConformanceSuite;
import io.sluice.testkit.conformance.RunnerUnderTest;
import java.util.EnumSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Flink runner passes the runner conformance suite on one MiniCluster shared by the class.
 * It declares no capability: a Flink job is not drained by a close (that takes a savepoint), a
 * cancelled job leaves no counts, a failed stage does not stop the sources, and an ordered
 * parallel stage is refused (Flink keeps no order across subtasks).
 */
class FlinkRunnerConformanceTest extends RunnerConformanceSuite {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();

  private static final RunnerUnderTest RUNNER = RunnerUnderTest.of(FlinkRunner.fromContext(),
      EnumSet.noneOf(RunnerCapability.class));

  @Override
  protected RunnerUnderTest runner() {
    return RUNNER;
  }
}
