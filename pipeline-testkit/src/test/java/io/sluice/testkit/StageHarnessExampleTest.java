package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage harness and fault plan examples of the README, verbatim. */
class StageHarnessExampleTest {

  /** The README's "any Stage&lt;String, Integer&gt;". */
  static final class ParseStage implements Stage<String, Integer> {
    @Override
    public void process(String record, Emitter<Integer> out) {
      out.emit(Integer.parseInt(record));
    }
  }

  @Test
  void harnessExample() {
    StageHarness<String, Integer> harness = StageHarness.of(new ParseStage())
        .dispatch(Dispatch.batched(3, Duration.ofMillis(100)));
    harness.push("1", "2");
    harness.advance(Duration.ofMillis(100).minusNanos(1));
    assertThat(harness.batches()).isEmpty();                 // not due yet
    harness.advance(Duration.ofNanos(1));                    // due: flushed with reason TIME
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.TIME, List.of("1", "2")));
    harness.push("3").end();                                 // END_OF_STREAM, then close()
    assertThat(harness.emitted()).containsExactly(1, 2, 3);
    assertThat(harness.openCalls()).isEqualTo(1);
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void faultPlanExample() {
    List<String> input = List.of("1", "2", "3");
    FaultPlan plan = FaultPlan.poison(1);                     // the 2nd record is poison
    StageHarness<String, Integer> faulty = StageHarness.of(plan.inject(new ParseStage(), input));
    assertThatThrownBy(() -> faulty.pushAll(input))
        .isInstanceOf(StageFailedException.class).hasRootCauseInstanceOf(InjectedFault.class);
    assertThat(faulty.emitted()).containsExactly(1);
    assertThat(faulty.closeCalls()).isEqualTo(1);            // closed, as the runtime would
  }
}
