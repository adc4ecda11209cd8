package io.sluice.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.sluice.testkit.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs the fixture classes on the JUnit Platform and checks how their tests were reported. */
class SluiceExtensionTest {

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInEngineTestKit.PARAMETER, "true")
        .configurationParameter(SluiceExtension.GRACE_PARAMETER, "PT0.1S")
        .selectors(selectClass(fixture))
        .execute();
  }

  @Test
  void aTestLeavingARuntimeRunGoingFailsNamingTheRunAndItsThreads() {
    EngineExecutionResults results = run(ExtensionFixtures.LeaksARuntimeRun.class);
    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
    results.testEvents().assertThatEvents().haveExactly(1, event(test("forgetsToClose"),
        finishedWithFailure(instanceOf(AssertionError.class),
            message(m -> m.contains("'leaky' (runtime)") && m.contains("sluice-leaky-in")
                && m.contains("sluice-leaky-out") && m.contains("forgetsToClose")))));
    assertThat(LeakCheck.aliveSluiceThreads()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("sluice-leaky-")); // the extension cancelled it
  }

  @Test
  void aTestLeavingThreadsAliveFailsNamingThemAndTheClassIsNotBlamedAgain() {
    try {
      EngineExecutionResults results = run(ExtensionFixtures.LeaksThreads.class);
      results.testEvents().assertStatistics(stats -> stats.failed(1));
      results.testEvents().assertThatEvents().haveExactly(1, event(test("startsWithoutTheTester"),
          finishedWithFailure(message(m -> m.contains("sluice-stray-in")
              && m.contains("sluice-stray-out")))));
      results.containerEvents().assertStatistics(stats -> stats.failed(0));
    } finally {
      ExtensionFixtures.LeaksThreads.started.close();
    }
  }

  @Test
  void aTestLeavingADeterministicRunOpenFails() {
    EngineExecutionResults results = run(ExtensionFixtures.LeavesADeterministicRunOpen.class);
    results.testEvents().assertThatEvents().haveExactly(1, event(test("forgetsToComplete"),
        finishedWithFailure(message(m -> m.contains("'unfinished' (deterministic)")))));
  }

  @Test
  void testsThatEndTheirRunsPass() {
    run(ExtensionFixtures.Clean.class).testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
  }

  @Test
  void eachTestGetsItsOwnTesterSharedWithItsLifecycleMethods() {
    ExtensionFixtures.Injection.SEEN.clear();
    run(ExtensionFixtures.Injection.class).testEvents()
        .assertStatistics(stats -> stats.succeeded(2).failed(0));
    assertThat(ExtensionFixtures.Injection.SEEN).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void aMalformedGraceIsRejectedNamingTheParameter() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInEngineTestKit.PARAMETER, "true")
        .configurationParameter(SluiceExtension.GRACE_PARAMETER, "2 seconds")
        .selectors(selectClass(ExtensionFixtures.Clean.class)).execute()
        .containerEvents().assertThatEvents().haveExactly(1, finishedWithFailure(
            message(m -> m.contains(SluiceExtension.GRACE_PARAMETER) && m.contains("2 seconds"))));
  }

  @Test
  void fixturesDoNotRunOutsideTheTestKit() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(ExtensionFixtures.LeaksARuntimeRun.class))
        .execute().containerEvents().assertStatistics(stats -> stats.skipped(1));
  }
}
