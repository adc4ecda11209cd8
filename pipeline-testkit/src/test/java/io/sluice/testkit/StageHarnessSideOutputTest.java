package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.SideOutput;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stage that emits to side outputs (the README's fraud scorer) can be tested on a harness. */
class StageHarnessSideOutputTest {
  private static final SideOutput<String> ALERTS = SideOutput.of("alerts", String.class);
  private static final SideOutput<Integer> ODD = SideOutput.of("odd", Integer.class);

  /** Every payment goes on; a large one also raises an alert on its side output, first. */
  static final class Scorer implements Stage<Integer, Integer> {
    @Override
    public void process(Integer amount, Emitter<Integer> out) {
      if (amount > 10_000) {
        out.emit(ALERTS, "large payment " + amount);
      }
      out.emit(amount);
    }
  }

  @Test
  void recordsWhatTheStageEmitsToEachDeclaredSideOutput() {
    StageHarness<Integer, Integer> harness = StageHarness.of(new Scorer()).sideOutput(ALERTS);

    harness.push(50, 20_000, 70).end();

    assertThat(harness.emitted()).containsExactly(50, 20_000, 70);
    assertThat(harness.emitted(ALERTS)).containsExactly("large payment 20000");
    assertThat(harness.report().emittedByPort()).containsEntry("out", 3L)
        .containsEntry("alerts", 1L);
  }

  @Test
  void worksUnderABatchedDispatch() {
    Stage<Integer, Integer> split = (n, out) -> {
      if (n % 2 == 1) {
        out.emit(ODD, n);
      } else {
        out.emit(n);
      }
    };
    StageHarness<Integer, Integer> harness = StageHarness.of(split).sideOutput(ODD)
        .dispatch(Dispatch.batched(2));

    harness.push(1, 2, 3).end();

    assertThat(harness.emitted()).containsExactly(2);
    assertThat(harness.emitted(ODD)).containsExactly(1, 3);
    assertThat(harness.batches()).extracting(Batch::reason)
        .containsExactly(FlushReason.SIZE, FlushReason.END_OF_STREAM);
  }

  @Test
  void aSideOutputNotDeclaredFailsTheStageAsInAPipelineThatConnectsNothingToIt() {
    StageHarness<Integer, Integer> harness = StageHarness.of(new Scorer());

    assertThatThrownBy(() -> harness.push(20_000)).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("side output 'alerts'");
    assertThatThrownBy(() -> harness.emitted(ALERTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sideOutput(alerts)");
  }

  @Test
  void sideOutputsAreDeclaredBeforeTheFirstPush() {
    StageHarness<Integer, Integer> harness = StageHarness.of(new Scorer()).sideOutput(ALERTS);
    harness.push(1);

    assertThatThrownBy(() -> harness.sideOutput(ODD)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> StageHarness.ofSink((Integer x) -> { }).sideOutput(ODD))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sink");
    assertThat(harness.emitted(ALERTS)).isEqualTo(List.of());
  }
}
