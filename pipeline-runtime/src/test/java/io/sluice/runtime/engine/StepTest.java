package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.Stage;
import io.sluice.api.StageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A step driven by hand, as the testkit's deterministic runner drives it. */
class StepTest {
  private final RunControl control = new RunControl("p");
  private final List<Object> out = new ArrayList<>();

  private Step step(Stage<Integer, Integer> stage, Dispatch dispatch) {
    Step step = new Step(StageKind.STAGE, stage,
        new Context("p", "s", dispatch, PipelineClock.system()), control);
    step.connect(out::add);
    return step;
  }

  @Test
  void aStepDrivenWithoutOpenBelongsToTheThreadThatDrivesIt() {
    Step step = step((x, emit) -> emit.emit(x * 2), Dispatch.perRecord());
    step.accept(1);
    step.accept(2);
    assertThat(out).containsExactly(2, 4);
    assertThat(control.failure()).isNull();
  }

  @Test
  void countsEachRecordsFateAndStrandsAnAbandonedBatch() {
    Step step = step((x, emit) -> {
      if (x % 2 == 0) {
        emit.emit(x);
      }
    }, Dispatch.batched(3));
    step.open();
    for (int i = 0; i < 5; i++) {
      step.accept(i);
    }
    assertThat(step.pending()).isEqualTo(2);
    step.abandonPending();

    Tally tally = step.tally();
    assertThat(List.of(tally.received(), tally.passedOn(), tally.filtered(), tally.stranded()))
        .containsExactly(5L, 2L, 1L, 2L);
    assertThat(tally.batches(FlushReason.SIZE)).isEqualTo(1);
    assertThat(step.pending()).isZero();
  }

  @Test
  void anEmitterUsedOutsideItsCallIsRejectedAndFailsTheRun() {
    AtomicReference<Emitter<Integer>> kept = new AtomicReference<>();
    Step step = step((x, emit) -> kept.set(emit), Dispatch.perRecord());
    step.open();
    step.accept(1);

    assertThatThrownBy(() -> kept.get().emit(9)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("emitted after the process or processBatch call");
    assertThat(control.hasFailed()).isTrue();
    assertThat(out).isEmpty();
  }

  @Test
  void aBatchTakenWholeIsTheBatchAcceptedOneByOneAndLeavesNoRecordInTheArray() {
    List<List<Integer>> seenWhole = new ArrayList<>();
    List<List<Integer>> seenOneByOne = new ArrayList<>();
    Step whole = batchRecorder(seenWhole);
    Step oneByOne = batchRecorder(seenOneByOne);
    Object[] chunk = {1, 2, 3, 4, 5, 6, 7};

    assertThat(whole.wholeBatchSize()).isEqualTo(3);
    for (int i = 1; i <= 4; i++) {
      oneByOne.accept(chunk[i]);
    }
    whole.acceptWhole(chunk, 1, 3);
    whole.accept(5);

    assertThat(seenWhole).isEqualTo(seenOneByOne).containsExactly(List.of(2, 3, 4));
    assertThat(chunk).containsExactly(1, null, null, null, 5, 6, 7);
    assertThat(whole.tally().received()).isEqualTo(oneByOne.tally().received()).isEqualTo(4);
    assertThat(whole.tally().batches(FlushReason.SIZE)).isEqualTo(1);
    assertThat(whole.pending()).isEqualTo(oneByOne.pending()).isEqualTo(1);
    assertThatThrownBy(() -> whole.acceptWhole(chunk, 4, 3))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 pending");
    assertThat(step((x, emit) -> { }, Dispatch.perRecord()).wholeBatchSize()).isZero();
  }

  @Test
  void smartBatchingFlushesWhatArrivedAndNeverAnEmptyBatch() {
    List<List<Integer>> seen = new ArrayList<>();
    Step step = batchStep(seen, Dispatch.smart(2));
    step.flushArrived(); // nothing pending: no batch
    step.accept(1);
    step.accept(2);
    step.accept(3);
    step.flushArrived();
    step.flushArrived();

    assertThat(seen).containsExactly(List.of(1, 2), List.of(3));
    assertThat(step.tally().batches(FlushReason.SIZE)).isEqualTo(1);
    assertThat(step.tally().batches(FlushReason.ARRIVED)).isEqualTo(1);
    Step sized = batchStep(seen, Dispatch.batched(2));
    sized.accept(4);
    sized.flushArrived(); // not smart: waits for its size
    assertThat(sized.pending()).isEqualTo(1);
  }

  private Step batchRecorder(List<List<Integer>> seen) {
    return batchStep(seen, Dispatch.batched(3));
  }

  private Step batchStep(List<List<Integer>> seen, Dispatch dispatch) {
    Stage<Integer, Integer> stage = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        throw new AssertionError("called per batch");
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<Integer> out) {
        seen.add(List.copyOf(batch));
      }
    };
    Step step = step(stage, dispatch);
    step.open();
    return step;
  }
}
