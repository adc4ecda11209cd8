package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A checkpoint flushes partial batches (reason CHECKPOINT): the accounting check counts them. */
class CheckpointAccountingTest {

  @Test
  void aPartialBatchFlushedByACheckpointAddsUp() throws Exception {
    PipelineTester tester = PipelineTester.create();
    TestSource<Integer> source = TestSource.create();
    TestSink<Integer> sink = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.from("in", source)
        .to("out", sink, Dispatch.batched(4))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMinutes(1));
    DeterministicRun<Integer> run = tester.runDeterministic(pipeline);
    source.push(1, 2, 3);
    run.checkpoint();
    source.push(4, 5, 6, 7);
    source.complete();
    PipelineReport report = run.awaitCompletion();

    assertThat(sink.flushReasons()).containsExactly(FlushReason.CHECKPOINT, FlushReason.SIZE);
    assertThat(Accounting.violations(pipeline, report)).isEmpty();
  }
}
