package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  private static final List<String> INPUT = List.of("a", "b", "c", "d");
  private static final Stage<String, String> ECHO = (record, out) -> out.emit(record);

  @Test
  void aPoisonRecordFailsEveryTimeItIsProcessedAloneOrInABatch() {
    FaultPlan plan = FaultPlan.poison(2);
    assertThat(plan.poisonRecords(INPUT)).containsExactly("c");

    StageHarness<String, String> single = StageHarness.of(plan.inject(ECHO, INPUT)).named("s");
    single.push("a", "b");
    assertThatThrownBy(() -> single.push("c")).isInstanceOf(StageFailedException.class)
        .hasRootCauseInstanceOf(InjectedFault.class).hasMessageContaining("record c");

    StageHarness<String, String> batched = StageHarness.of(plan.inject(ECHO, INPUT))
        .dispatch(Dispatch.batched(2));
    batched.push("a", "b");
    assertThatThrownBy(() -> batched.push("d", "c")).isInstanceOf(StageFailedException.class)
        .rootCause().hasMessageContaining("batch of 2 holding poison record c");
    assertThat(batched.emitted()).containsExactly("a", "b");
  }

  @Test
  void openAndCloseFaultsKeepTheLifecycleContract() {
    StageHarness<String, String> opening = StageHarness.of(
        FaultPlan.none().failingOpen().inject(ECHO, INPUT));
    assertThatThrownBy(() -> opening.push("a")).rootCause().isInstanceOf(InjectedFault.class)
        .hasMessageContaining("open of stage");
    assertThat(opening.closeCalls()).isEqualTo(1);

    TestSink<String> sink = TestSink.create();
    StageHarness<String, Void> closing = StageHarness.ofSink(
        FaultPlan.none().failingClose().inject((Sink<String>) sink, INPUT));
    closing.push("a");
    assertThatThrownBy(closing::end).rootCause().hasMessageContaining("close of stage");
    assertThat(sink.records()).containsExactly("a");
    assertThat(sink.closeCalls()).isEqualTo(1); // the real sink was closed before the fault
  }

  @Test
  void tellsWhetherItFailsARunOverAnInput() {
    assertThat(FaultPlan.none().failsOver(INPUT)).isFalse();
    assertThat(FaultPlan.poison(9).failsOver(INPUT)).isFalse();
    assertThat(FaultPlan.poison(9).failsOver(List.of())).isFalse();
    assertThat(FaultPlan.poison(0).failsOver(INPUT)).isTrue();
    assertThat(FaultPlan.none().failingClose().failsOver(List.of())).isTrue();
    assertThat(FaultPlan.poison(1, 3).failingOpen())
        .hasToString("FaultPlan[poison at [1, 3], open fails]")
        .isEqualTo(FaultPlan.poison(3, 1).failingOpen());
    assertThat(FaultPlan.none().isEmpty()).isTrue();
    assertThatThrownBy(() -> FaultPlan.poison(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
