package io.sluice.testkit.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.Batch;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.StageHarness;
import io.sluice.testkit.TestSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two cases of the graph-core issue, pinned on the stage harness, the deterministic runner and
 * the local runner alike: a stage that does not override {@code processBatch} is called and
 * counted per record under a batched dispatch, and a fail-fast failure drains what was passed on.
 */
class IssueCasesTest {
  private final PipelineTester tester = PipelineTester.create();

  @AfterEach
  void endRuns() {
    tester.close();
  }

  /** Emits the even records only; throws on {@code poison}, if set. */
  private record Evens(int poison) implements Stage<Integer, Integer> {
    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record == poison) {
        throw new IllegalStateException("cannot take " + record);
      }
      if (record % 2 == 0) {
        out.emit(record);
      }
    }
  }

  @Test
  void theHarnessCountsAPerRecordStageUnderABatchedDispatchPerRecord() {
    StageHarness<Integer, Integer> harness = StageHarness.of(new Evens(0))
        .dispatch(Dispatch.batched(3));

    harness.push(1, 2, 3).end();

    assertThat(new Evens(0).handlesBatches()).isFalse();
    assertThat(harness.emitted()).containsExactly(2);
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.SIZE, List.of(1, 2, 3)));
    StageReport report = harness.report();
    assertThat(List.of(report.received(), report.passedOn(), report.filtered()))
        .containsExactly(3L, 1L, 2L);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void bothRunnersCountAPerRecordStageUnderABatchedDispatchAsTheHarnessDoes(
      PipelineTester.Mode mode) throws Exception {
    TestSink<Integer> sink = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("evens").from("read", Source.of(1, 2, 3))
        .stage("evens", new Evens(0), Dispatch.batched(3))
        .to("out", sink);

    PipelineReport report = tester.run(mode, pipeline);

    assertThat(sink.records()).containsExactly(2);
    StageReport evens = report.stage("evens");
    assertThat(List.of(evens.received(), evens.passedOn(), evens.filtered()))
        .containsExactly(3L, 1L, 2L);
    assertThat(evens.batchesByReason()).isEqualTo(Map.of(FlushReason.SIZE, 1L));
    Accounting.assertAddsUp(pipeline, report);
  }

  @Test
  void theHarnessNamesTheRecordAPerRecordStageFailedOnInABatch() {
    StageHarness<Integer, Integer> harness = StageHarness.of(new Evens(2)).named("evens")
        .dispatch(Dispatch.batched(3));

    assertThatThrownBy(() -> harness.push(1, 2, 3))
        .isInstanceOfSatisfying(StageFailedException.class, e -> {
          assertThat(e.stageName()).isEqualTo("evens");
          assertThat(e.record()).contains(2);
          assertThat(e).hasMessageContaining("on record 2");
        });
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void bothRunnersNameTheRecordAPerRecordStageFailedOnInABatch(PipelineTester.Mode mode)
      throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("evens").from("read", Source.of(1, 2, 3))
        .stage("evens", new Evens(2), Dispatch.batched(3))
        .to("out", TestSink.create());

    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> tester.run(mode, pipeline));

    assertThat(failure.stageName()).isEqualTo("evens");
    assertThat(failure.record()).contains(2);
    assertThat(failure).hasMessageContaining("on record 2");
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void aFailFastFailureDrainsWhatWasPassedOnToABatchedSink(PipelineTester.Mode mode)
      throws Exception {
    TestSink<Integer> sink = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("drain")
        .from("read", Source.fromIterable(IntStream.rangeClosed(1, 10).boxed().toList()))
        .stage("check", (Integer x, Emitter<Integer> out) -> {
          if (x == 5) {
            throw new IllegalStateException("5 is poison");
          }
          out.emit(x);
        })
        .to("save", sink, Dispatch.batched(3));

    RunningPipeline<Integer> run = tester.start(mode, pipeline);
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> run.awaitCompletion(Duration.ofSeconds(30)));
    PipelineReport report = run.report().orElseThrow();

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(failure.stageName()).isEqualTo("check");
    assertThat(failure.record()).contains(5);
    assertThat(sink.batches()).containsExactly(
        new Batch<>(FlushReason.SIZE, List.of(1, 2, 3)),
        new Batch<>(FlushReason.DRAIN, List.of(4)));
    StageReport check = report.stage("check");
    assertThat(check.received()).isBetween(5L, 10L)
        .isEqualTo(report.stage("read").emitted());
    assertThat(check.passedOn()).isEqualTo(4);
    assertThat(check.failed()).isEqualTo(1);
    assertThat(check.stranded()).isEqualTo(check.received() - 5);
    StageReport save = report.stage("save");
    assertThat(List.of(save.received(), save.passedOn(), save.stranded()))
        .containsExactly(4L, 4L, 0L);
    assertThat(save.batchesByReason())
        .isEqualTo(Map.of(FlushReason.SIZE, 1L, FlushReason.DRAIN, 1L));
    Accounting.assertAddsUp(pipeline, report);
  }
}
