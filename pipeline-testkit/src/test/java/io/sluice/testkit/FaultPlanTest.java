package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
  private static final List<String> INPUT = List.of("a", "b", "c", "d");
  private static final Stage<String, String> ECHO = (record, out) -> out.emit(record);
  private static final Stage<String, String> BATCH_ECHO = new Stage<>() {
    @Override
    public void process(String record, Emitter<String> out) {
      out.emit(record);
    }

    @Override
    public void processBatch(List<String> batch, Emitter<String> out) {
      batch.forEach(out::emit);
    }
  };

  /** A stage whose failed batches must not be split. */
  private static final class Unsplittable implements Stage<String, String> {
    @Override
    public void process(String record, Emitter<String> out) {
      out.emit(record);
    }

    @Override
    public boolean allowsBatchSplitting() {
      return false;
    }
  }

  @Test
  void aPoisonRecordFailsEveryTimeItIsProcessedAloneOrInABatch() {
    FaultPlan plan = FaultPlan.poison(2);
    assertThat(plan.poisonRecords(INPUT)).containsExactly("c");

    StageHarness<String, String> single = StageHarness.of(plan.inject(ECHO, INPUT)).named("s");
    single.push("a", "b");
    assertThatThrownBy(() -> single.push("c")).isInstanceOf(StageFailedException.class)
        .hasRootCauseInstanceOf(InjectedFault.class).hasMessageContaining("record c");

    // ECHO has no processBatch of its own, so a runner calls it per record even in a batch
    StageHarness<String, String> perRecord = StageHarness.of(plan.inject(ECHO, INPUT))
        .dispatch(Dispatch.batched(2));
    perRecord.push("a", "b");
    assertThatThrownBy(() -> perRecord.push("d", "c")).isInstanceOf(StageFailedException.class)
        .rootCause().hasMessageContaining("on poison record c");
    assertThat(perRecord.emitted()).containsExactly("a", "b", "d");

    StageHarness<String, String> batched = StageHarness.of(plan.inject(BATCH_ECHO, INPUT))
        .dispatch(Dispatch.batched(2));
    batched.push("a", "b");
    assertThatThrownBy(() -> batched.push("d", "c")).isInstanceOf(StageFailedException.class)
        .rootCause().hasMessageContaining("batch of 2 holding poison record c");
    assertThat(batched.emitted()).containsExactly("a", "b");
  }

  @Test
  void theFaultyStageIsCalledAsTheRealOneWouldBe() throws Exception {
    FaultPlan plan = FaultPlan.poison(1);
    Stage<String, String> perRecord = plan.inject(ECHO, INPUT);
    Stage<String, String> batching = plan.inject(BATCH_ECHO, INPUT);
    assertThat(perRecord.getClass().getMethod("processBatch", List.class, Emitter.class)
        .getDeclaringClass()).isEqualTo(Stage.class);
    assertThat(batching.getClass().getMethod("processBatch", List.class, Emitter.class)
        .getDeclaringClass()).isNotEqualTo(Stage.class);
    assertThat(perRecord.allowsBatchSplitting()).isTrue();
    assertThat(plan.inject(new Unsplittable(), INPUT).allowsBatchSplitting()).isFalse();

    Sink<String> recordSink = plan.inject((Sink<String>) record -> { }, INPUT);
    Sink<String> batchSink = plan.inject((Sink<String>) TestSink.<String>create(), INPUT);
    assertThat(recordSink.getClass().getMethod("writeBatch", List.class).getDeclaringClass())
        .isEqualTo(Sink.class);
    assertThat(batchSink.getClass().getMethod("writeBatch", List.class).getDeclaringClass())
        .isNotEqualTo(Sink.class);
  }

  @Test
  void tellsWhichRecordsArePoisonAndWhichPass() {
    List<String> input = List.of("a", "b", "a", "c");
    FaultPlan plan = FaultPlan.poison(0, 9);
    assertThat(plan.poisonCount(input)).isEqualTo(2); // "a" twice: equal records are poison too
    assertThat(plan.survivors(input)).containsExactly("b", "c");
    assertThat(FaultPlan.none().survivors(input)).isEqualTo(input);
    assertThat(FaultPlan.poison(9).poisonCount(input)).isZero();
  }

  @Test
  void tellsWhetherAnErrorPolicyAbsorbsItsFaults() {
    List<String> input = List.of("a", "b", "a", "c");
    FaultPlan plan = FaultPlan.poison(0); // two poison records
    ErrorPolicy retry = ErrorPolicy.retry(3, Duration.ZERO, Duration.ZERO);
    assertThat(plan.failsOver(input, ErrorPolicy.failFast())).isTrue();
    assertThat(plan.failsOver(input, retry)).isTrue(); // a poison record fails every attempt
    assertThat(plan.failsOver(input, ErrorPolicy.skip())).isFalse();
    assertThat(plan.failsOver(input, ErrorPolicy.skip(2))).isFalse();
    assertThat(plan.failsOver(input, retry.thenSkip(1))).isTrue(); // the second is one too many
    assertThat(plan.failsOver(input, ErrorPolicy.deadLetter(record -> { }))).isFalse();
    assertThat(FaultPlan.poison(9).failsOver(input, ErrorPolicy.failFast())).isFalse();
    assertThat(plan.failingClose().failsOver(input, ErrorPolicy.skip())).isTrue();
    assertThat(FaultPlan.none().failingOpen().failsOver(List.of(), ErrorPolicy.skip())).isTrue();
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
