package io.sluice.testkit.jqwik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.FaultPlan;
import io.sluice.testkit.TestSink;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

class SluiceArbitrariesTest {
  private static final int SAMPLES = 2_000;

  @Test
  void dispatchesCoverEveryKindAndAreAllValid() {
    List<Dispatch> sample = SluiceArbitraries.dispatches().sampleStream().limit(SAMPLES).toList();
    sample.forEach(d -> d.requireValidFor("sampled"));
    assertThat(sample).contains(Dispatch.perRecord())
        .anyMatch(d -> d.isBatched() && d.maxWait().isEmpty())
        .anyMatch(d -> d.maxWait().isPresent())
        .allMatch(d -> d.maxSize() <= SluiceArbitraries.DEFAULT_MAX_BATCH)
        .allMatch(d -> d.maxWait().map(w -> w.compareTo(Duration.ofSeconds(1)) <= 0).orElse(true));
    assertThat(SluiceArbitraries.batchedDispatches(3, Duration.ofMillis(5)).sampleStream()
        .limit(SAMPLES)).allMatch(d -> d.isBatched() && d.maxSize() <= 3
            && d.maxWaitNanos() > 0
            && (d.maxWait().isEmpty() || d.maxWaitNanos() <= 5_000_000));
    assertThatThrownBy(() -> SluiceArbitraries.batchedDispatches(0, Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arrivalsMixNoDelayWithDelays() {
    List<List<Arrival<Integer>>> sample = SluiceArbitraries.arrivals(Arbitraries.integers())
        .sampleStream().limit(300).toList();
    assertThat(sample).allMatch(list -> list.size() <= SluiceArbitraries.DEFAULT_MAX_RECORDS);
    List<Arrival<Integer>> all = sample.stream().flatMap(List::stream).toList();
    assertThat(all).anyMatch(a -> a.delay().isZero()).anyMatch(a -> !a.delay().isZero())
        .allMatch(a -> a.delay().compareTo(Duration.ofMillis(1_500)) <= 0);
    assertThat(SluiceArbitraries.recordLists(Arbitraries.integers()).sampleStream().limit(300))
        .allMatch(list -> list.size() <= SluiceArbitraries.DEFAULT_MAX_RECORDS);
  }

  @Test
  void faultPlansStayWithinTheInputAndCoverEveryFault() {
    List<FaultPlan> sample = SluiceArbitraries.faultPlans(10).sampleStream().limit(SAMPLES)
        .toList();
    assertThat(sample).contains(FaultPlan.none())
        .anyMatch(FaultPlan::failsOpen).anyMatch(FaultPlan::failsClose)
        .anyMatch(p -> !p.poisonIndexes().isEmpty())
        .allMatch(p -> p.poisonIndexes().stream().allMatch(i -> i >= 0 && i < 10));
    assertThatThrownBy(() -> SluiceArbitraries.faultPlans(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void poisonPlansPoisonOneToThreePositionsAndNothingElse() {
    List<FaultPlan> sample = SluiceArbitraries.poisonPlans(10).sampleStream().limit(SAMPLES)
        .toList();
    assertThat(sample).allMatch(p -> !p.failsOpen() && !p.failsClose())
        .allMatch(p -> p.poisonIndexes().size() >= 1 && p.poisonIndexes().size() <= 3)
        .allMatch(p -> p.poisonIndexes().stream().allMatch(i -> i >= 0 && i < 10))
        .anyMatch(p -> p.poisonIndexes().size() == 3)
        .anyMatch(p -> p.poisonIndexes().contains(9));
    assertThatThrownBy(() -> SluiceArbitraries.poisonPlans(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorPoliciesCoverEveryActionWithAndWithoutRetriesAndNeverWait() {
    List<ErrorPolicy> sample = SluiceArbitraries.errorPolicies().sampleStream().limit(SAMPLES)
        .toList();
    sample.forEach(policy -> policy.requireValidFor("sampled"));
    for (ErrorPolicy.Action action : ErrorPolicy.Action.values()) {
      assertThat(sample).as("%s", action)
          .anyMatch(p -> p.action() == action && p.maxAttempts() == 1)
          .anyMatch(p -> p.action() == action && p.maxAttempts() > 1);
    }
    assertThat(sample).contains(ErrorPolicy.failFast())
        .anyMatch(p -> p.skipLimit().isPresent()).anyMatch(p -> p.equals(ErrorPolicy.skip()))
        .allMatch(p -> p.maxAttempts() <= 3)
        .allMatch(p -> p.maxAttempts() == 1 || p.backoffBefore(p.maxAttempts()).isZero())
        .allMatch(p -> (p.action() == ErrorPolicy.Action.DEAD_LETTER)
            == p.deadLetterSink().filter(TestSink.class::isInstance).isPresent());
    List<Object> sinks = sample.stream().flatMap(p -> p.deadLetterSink().stream())
        .map(Object.class::cast).toList();
    assertThat(sinks).doesNotHaveDuplicates(); // a fresh sink per policy
  }
}
