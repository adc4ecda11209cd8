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
}
