package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TestSource and TestSink on the real runtime, with its stage threads. */
class ProbesOnRuntimeTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final PipelineTester tester = PipelineTester.create();
  private final TestSource<Integer> source = TestSource.create();
  private final TestSink<Integer> sink = TestSink.create();

  @AfterEach
  void noLeaks() {
    LeakCheck.start().assertNoLeaks(List.of(tester));
  }

  @Test
  void recordsPushedFromTheTestReachTheSinkInBatchesWithTheirReasons() throws Exception {
    try (RunningPipeline<Integer> run = tester.runOnRuntime(
        Pipeline.from("in", source).map("inc", x -> x + 1).to("out", sink, Dispatch.batched(2)))) {
      source.push(1, 2, 3);
      assertThat(sink.awaitCount(2, PATIENCE)).startsWith(2, 3);
      source.complete();
      PipelineReport report = run.awaitCompletion();
      assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    }
    assertThat(sink.batches()).containsExactly(new Batch<>(FlushReason.SIZE, List.of(2, 3)),
        new Batch<>(FlushReason.END_OF_STREAM, List.of(4)));
    assertThat(source.taken()).isEqualTo(3);
    assertThat(source.isClosed()).isTrue();
    assertThat(sink.closeCalls()).isEqualTo(1);
  }

  @Test
  void advancingTheTestersClockFlushesByTimeOnTheRuntime() throws Exception {
    Duration maxWait = Duration.ofMillis(50);
    try (RunningPipeline<Integer> run = tester.runOnRuntime(
        Pipeline.from("in", source).to("out", sink, Dispatch.batched(100, maxWait)))) {
      source.push(1, 2);
      // the records reach the sink's thread some time after the push: advance until its batch,
      // started at whatever virtual time they arrived, falls due
      await().atMost(PATIENCE).until(() -> {
        tester.clock().advance(maxWait);
        return sink.count() == 2;
      });
      source.complete();
      run.awaitCompletion();
    }
    assertThat(sink.batches()).containsExactly(new Batch<>(FlushReason.TIME, List.of(1, 2)));
  }

  @Test
  void aFailedTestSourceFailsTheRuntimeRunNamingIt() {
    RunningPipeline<Integer> run = tester.runOnRuntime(Pipeline.from("feed", source).to("out", sink));
    source.push(1);
    source.fail(new IOException("socket closed"));
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'feed'").hasRootCauseMessage("socket closed");
    assertThat(source.taken()).isEqualTo(1); // whether it reached the sink: fail-fast may drop it
    assertThat(source.isClosed()).isTrue();
  }

  @Test
  void aTestSourceServesOneRunAndIsFinishedOnce() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.from("in", source).to("out", sink);
    source.push(1).complete();
    assertThatThrownBy(() -> source.push(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already completed");
    assertThatThrownBy(source::complete).isInstanceOf(IllegalStateException.class);
    assertThat(tester.run(PipelineTester.Mode.RUNTIME, pipeline).stage("out").received())
        .isEqualTo(1);
    assertThatThrownBy(() -> tester.run(PipelineTester.Mode.RUNTIME, pipeline))
        .isInstanceOf(StageFailedException.class).hasMessageContaining("serves one run");
  }

  @Test
  void awaitCountFailsAfterTheTimeoutShowingWhatArrived() {
    sink.write(7);
    assertThatThrownBy(() -> sink.awaitCount(2, Duration.ofMillis(20)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("received 1 of 2 records").hasMessageContaining("[7]");
    assertThatThrownBy(() -> sink.awaitCount(-1, PATIENCE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
