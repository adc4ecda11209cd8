package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoints under the deterministic runner: on request, or when the virtual clock says. */
class DeterministicCheckpointTest {
  private final PipelineTester tester = PipelineTester.create();
  private final TestSource<Integer> source = TestSource.create();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final CommitLog<Integer> committing = new CommitLog<>();
  private final List<String> events = committing.events();


  @Test
  void aCheckpointFlushesPartialBatchesCommitsTheSinkAndSavesThePosition() throws Exception {
    TestSink<Integer> batches = TestSink.create();
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("same", x -> x).withDispatch(Dispatch.batched(10))
        .alsoTo("audit", committing)
        .to("out", batches, Dispatch.batched(4))
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push(1, 2, 3);

    run.checkpoint();

    assertThat(batches.flushReasons()).containsExactly(FlushReason.CHECKPOINT);
    assertThat(events).containsExactly("write 1", "write 2", "write 3", "commit 1");
    assertThat(store.load()).contains(Checkpoint.of(1, java.util.Map.of("in", "3"),
        java.util.Map.of("in", 3L)));
    source.push(4);
    source.complete();
    assertThat(run.awaitCompletion().checkpoints().orElseThrow().taken()).isEqualTo(2);
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aCheckpointStartsOnItsOwnOnceTheVirtualClockPassesTheInterval() throws Exception {
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .to("out", committing).withCheckpoints(store, Duration.ofSeconds(5)));
    source.push(1);
    run.advance(Duration.ofSeconds(4));
    source.push(2);
    assertThat(events).doesNotContain("commit 1");

    run.advance(Duration.ofSeconds(1)); // due: the barrier leaves after the next poll
    source.push(3);

    assertThat(events).containsSubsequence("write 2", "commit 1", "write 3");
    assertThat(store.load().orElseThrow().positions()).containsEntry("in", "2");
    run.cancel();
  }

  @Test
  void aRunResumedFarIntoAStreamQueuedBeforeItStartedEnds() throws Exception {
    store.save(Checkpoint.of(1, java.util.Map.of("in", "130"), java.util.Map.of("in", 130L)));
    source.pushAll(java.util.stream.IntStream.range(0, 131).boxed().toList()).complete();

    PipelineReport report = tester.runDeterministic(Pipeline.from("in", source)
        .to("out", committing).withCheckpoints(store, Duration.ofMinutes(1))).awaitCompletion();

    // the 130 dropped records span more than one poll's chunk, and no poll gives nothing
    assertThat(events).containsExactly("write 130");
    assertThat(report.checkpoints().orElseThrow().resumedFrom()).isPresent();
  }

  @Test
  void askingForACheckpointOfAPipelineWithoutCheckpointsIsRejected() {
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .to("out", committing));

    assertThatThrownBy(run::checkpoint).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("withCheckpoints");
    run.cancel();
  }
}
