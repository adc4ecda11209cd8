package io.sluice.testkit.jqwik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.sluice.testkit.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs the jqwik fixture containers on the JUnit Platform and checks how they were reported. */
class SluiceLeakHookTest {

  private static EngineExecutionResults run(Class<?> fixture) {
    String grace = System.getProperty(LeakCheck.GRACE_PROPERTY);
    System.setProperty(OnlyWhenRequested.PROPERTY, "true");
    System.setProperty(LeakCheck.GRACE_PROPERTY, "PT0.1S");
    try {
      return EngineTestKit.engine("jqwik")
          .configurationParameter("jqwik.database", "target/jqwik-fixtures.database")
          .selectors(selectClass(fixture)).execute();
    } finally {
      System.clearProperty(OnlyWhenRequested.PROPERTY);
      if (grace == null) {
        System.clearProperty(LeakCheck.GRACE_PROPERTY);
      } else {
        System.setProperty(LeakCheck.GRACE_PROPERTY, grace);
      }
    }
  }

  @Test
  void aPropertyLeavingARunGoingFailsNamingItAndItsThreads() {
    EngineExecutionResults results = run(HookFixtures.LeaksARun.class);
    results.testEvents().assertThatEvents().haveExactly(1, event(test("forgetsToClose"),
        finishedWithFailure(message(m -> m.contains("'leaky-prop' (runtime)")
            && m.contains("sluice-leaky-prop-in")))));
    assertThat(LeakCheck.aliveSluiceThreads()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("sluice-leaky-prop-"));
  }

  @Test
  void aTryLeavingADeterministicRunOpenIsFalsified() {
    run(HookFixtures.LeavesRunsOpen.class).testEvents().assertThatEvents().haveExactly(1,
        event(test("forgetsToComplete"),
            finishedWithFailure(message(m -> m.contains("'open-prop' (deterministic)")))));
  }

  @Test
  void eachTryGetsAFreshTesterAndCleanTriesPass() {
    HookFixtures.Injection.SEEN.clear();
    run(HookFixtures.Injection.class).testEvents()
        .assertStatistics(stats -> stats.succeeded(1).failed(0));
    assertThat(HookFixtures.Injection.SEEN).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void theReadyMadePropertyCatchesAPipelineWhoseOutputDependsOnItsBatches() {
    EngineExecutionResults results = run(HookFixtures.BatchSensitive.class);
    results.testEvents().assertThatEvents().haveExactly(1,
        event(test("sameOutputUnderPerRecordAndAnyBatchedSetting"),
            finishedWithFailure(message(m -> m.contains("differs from perRecord()")))));
  }

  @Test
  void fixturesAreSkippedUnlessRequested() {
    EngineTestKit.engine("jqwik").selectors(selectClass(HookFixtures.LeaksARun.class)).execute()
        .testEvents().assertStatistics(stats -> stats.failed(0).succeeded(0));
  }
}
