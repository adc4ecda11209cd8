package io.sluice.testkit.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.Batch;
import io.sluice.testkit.DeterministicRun;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.TestSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deterministic runner merges sources that end at different times: a source that has ended
 * leaves the merge waiting for the others, and the merge flushes END_OF_STREAM once all ended.
 */
class DeterministicMergeTest {
  private final PipelineTester tester = PipelineTester.create();

  @Test
  void finiteSourcesOfDifferentLengthsAllReachTheMerge() throws Exception {
    TestSink<Integer> sink = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("merge")
        .from("short", Source.of(1, 2, 3))
        .mergeWith(Pipeline.from("long", Source.fromIterable(List.of(10, 11, 12, 13, 14))))
        .to("out", sink, Dispatch.batched(3));

    PipelineReport report = tester.run(PipelineTester.Mode.DETERMINISTIC, pipeline);

    assertThat(sink.records()).containsExactlyInAnyOrder(1, 2, 3, 10, 11, 12, 13, 14);
    assertThat(sink.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.SIZE,
        FlushReason.END_OF_STREAM);
    assertThat(report.stage("out").receivedByInput()).containsEntry("short", 3L)
        .containsEntry("long", 5L);
    Accounting.assertAddsUp(pipeline, report);
  }

  @Test
  void theMergeFlushesEndOfStreamOnlyWhenTheLastSourceEnds() {
    TestSource<Integer> first = TestSource.create();
    TestSource<Integer> second = TestSource.create();
    TestSink<Integer> sink = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("merge").from("first", first)
        .mergeWith(Pipeline.from("second", second))
        .to("out", sink, Dispatch.batched(10));
    DeterministicRun<Integer> run = tester.runDeterministic(pipeline);

    first.push(1, 2);
    first.complete();
    second.push(3);
    assertThat(run.isDone()).isFalse();
    assertThat(sink.batches()).isEmpty();
    assertThat(run.pending("out")).isEqualTo(3);
    second.push(4);
    second.complete();

    PipelineReport report = run.awaitCompletion();
    assertThat(sink.batches()).containsExactly(
        new Batch<>(FlushReason.END_OF_STREAM, List.of(1, 2, 3, 4)));
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    Accounting.assertAddsUp(pipeline, report);
  }

  @Test
  void aFailureWhileTheFirstOfTwoSourcesIsPulledEndsTheRunAsFailed() {
    TestSink<Integer> sink = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("merge")
        .from("first", Source.of(1, 2, 3))
        .mergeWith(Pipeline.from("second", Source.of(10, 20)))
        .map("check", x -> {
          if (x == 2) {
            throw new IllegalStateException("2 is poison");
          }
          return x;
        })
        .to("out", sink);

    DeterministicRun<Integer> run = tester.runDeterministic(pipeline);

    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(report.failure().orElseThrow().stageName()).isEqualTo("check");
    assertThat(report.stage("check").failed()).isEqualTo(1);
    assertThat(sink.records()).doesNotContain(2).contains(1);
    Accounting.assertAddsUp(pipeline, report);
  }
}
