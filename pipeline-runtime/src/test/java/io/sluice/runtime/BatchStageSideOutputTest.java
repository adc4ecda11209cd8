package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.SideOutput;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stage that takes whole batches emits to its side output under every error policy: under the
 * policies that may call a batch again its output is held until the call returns, side-output
 * records included, and then goes to the right port in the order emitted.
 */
class BatchStageSideOutputTest {
  private static final SideOutput<Integer> TENS = SideOutput.of("tens", Integer.class);

  /** Emits every record, and the multiples of ten also to {@link #TENS}; fails on 13. */
  private static final class TensStage implements Stage<Integer, Integer> {
    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record == 13) {
        throw new IllegalStateException("13 is poison");
      }
      if (record % 10 == 0) {
        out.emit(TENS, record);
      }
      out.emit(record);
    }

    @Override
    public void processBatch(List<Integer> batch, Emitter<Integer> out) {
      for (Integer record : batch) {
        process(record, out);
      }
    }
  }

  static Stream<ErrorPolicy> policies() {
    return Stream.of(ErrorPolicy.skip(),
        ErrorPolicy.retry(2, Duration.ZERO, Duration.ZERO).thenSkip(),
        ErrorPolicy.deadLetter(new RecordingSink<DeadLetter>()));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void aBatchStageEmitsToItsSideOutputUnderAPolicyThatHoldsItsOutput(ErrorPolicy policy)
      throws Exception {
    RecordingSink<Integer> main = new RecordingSink<>();
    RecordingSink<Integer> tens = new RecordingSink<>();
    List<Integer> input = IntStream.rangeClosed(1, 40).boxed().toList();

    PipelineReport report = Pipeline.named("tens").from("read", Source.fromIterable(input))
        .stage("split", new TensStage(), Dispatch.batched(4)).withErrorPolicy(policy)
        .sideOutputTo(TENS, "tens", tens)
        .to("main", main)
        .run();

    assertThat(tens.records()).containsExactly(10, 20, 30, 40);
    assertThat(main.records()).isEqualTo(input.stream().filter(x -> x != 13).toList());
    assertThat(report.stage("split").emittedByPort()).containsEntry("tens", 4L)
        .containsEntry("out", 39L);
    assertThat(report.stage("split").passedOn()).isEqualTo(39);
    assertThat(report.accountingBreaches()).isEmpty();
  }
}
