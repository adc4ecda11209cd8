package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Async;
import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints through parallel and async stages on the deterministic runner, where the test
 * decides when each call completes: a barrier waits for the calls started before it, not for
 * those after it, and nothing after it reaches the sink before it.
 */
class DeterministicConcurrentCheckpointTest {
  private final PipelineTester tester = PipelineTester.create();
  private final TestSource<String> source = TestSource.create();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final CommitLog<String> committing = new CommitLog<>();
  private final List<String> events = committing.events();
  private final TestAsyncStage<String, String> lookup = TestAsyncStage.create();


  @AfterEach
  void nothingLeft() {
    assertThat(tester.unfinishedRuns()).isEmpty();
  }

  @Test
  void anUnorderedAsyncStageLetsTheBarrierGoOnceEveryCallBeforeItCompleted() throws Exception {
    DeterministicRun<String> run = throughLookup(Async.unordered(8), Dispatch.perRecord(), ErrorPolicy.failFast());
    source.push("a", "b", "c");
    run.checkpoint();
    source.push("d");

    lookup.call(3).complete("D"); // after the barrier: not waited for, but held behind it
    lookup.call(1).complete("B");
    lookup.call(0).complete("A");

    assertThat(events).containsExactly("write B", "write A");
    assertThat(store.load()).isEmpty();

    lookup.call(2).complete("C");

    assertThat(events).containsExactly("write B", "write A", "write C", "commit 1", "write D");
    assertThat(store.load()).contains(Checkpoint.of(1, Map.of("in", "3"), Map.of("in", 3L)));
    source.complete();
    assertThat(run.awaitCompletion().accountingBreaches()).isEmpty();
  }

  @Test
  void aBatchedAsyncStageFlushesItsBatchAtTheBarrierWhichWaitsForTheCallsInOrder()
      throws Exception {
    DeterministicRun<String> run = throughLookup(Async.ordered(4), Dispatch.batched(2), ErrorPolicy.failFast());
    source.push("a", "b", "c");
    run.checkpoint();

    assertThat(lookup.calls()).hasSize(2);
    assertThat(lookup.call(1).records()).containsExactly("c"); // flushed by the barrier
    lookup.call(1).completeBatch(List.of("C"));
    assertThat(events).isEmpty(); // ordered: c waits for a and b
    lookup.call(0).completeBatch(List.of("A", "B"));

    assertThat(events).containsExactly("write A", "write B", "write C", "commit 1");
    PipelineReport report = finish(run);
    assertThat(report.stage("lookup").batchesByReason())
        .containsEntry(FlushReason.SIZE, 1L).containsEntry(FlushReason.CHECKPOINT, 1L);
  }

  @Test
  void aFailedCallBeforeTheBarrierTakesTheErrorPolicyBeforeTheBarrierGoes() throws Exception {
    DeterministicRun<String> run = throughLookup(Async.unordered(4), Dispatch.perRecord(), ErrorPolicy.skip());
    source.push("a", "b");
    run.checkpoint();
    lookup.call(1).complete("B");
    assertThat(events).containsExactly("write B");

    lookup.call(0).fail(new IllegalStateException("service down"));

    assertThat(events).containsExactly("write B", "commit 1");
    PipelineReport report = finish(run);
    assertThat(report.stage("lookup").skipped()).isEqualTo(1);
  }

  @Test
  void aFailureWhileABarrierIsInsideTheStageKeepsItAndTheRunStillEnds() throws Exception {
    DeterministicRun<String> run = throughLookup(Async.ordered(4), Dispatch.perRecord(), ErrorPolicy.failFast());
    source.push("a", "b");
    run.checkpoint();

    lookup.call(0).fail(new IllegalStateException("service down")); // fail fast
    lookup.call(1).complete("B");

    assertThat(run.isDone()).isTrue();
    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(events).doesNotContain("commit 1");
    assertThat(store.load().orElseThrow().recordsBefore()).isZero(); // the checkpoint never counted
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void anOrderedParallelStageFlushesEveryWorkerAndPassesTheBarrierBehindItsOutputs()
      throws Exception {
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("upper", (String s) -> s.toUpperCase()).withDispatch(Dispatch.batched(2))
        .parallel(Parallelism.ordered(3))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b", "c", "d", "e");

    run.checkpoint();

    assertThat(events).containsExactly("write A", "write B", "write C", "write D", "write E",
        "commit 1");
    source.push("f");
    PipelineReport report = finish(run);
    assertThat(report.stage("upper").batchesByReason()).containsEntry(FlushReason.CHECKPOINT, 1L);
    assertThat(report.stage("upper").workers()).hasSize(3);
  }

  @Test
  void aParallelSinkCommitsOncePerCheckpointAndACancelledRunResumesAtTheSavedPosition()
      throws Exception {
    Sink<String> shared = new Sink<>() {
      @Override
      public synchronized void write(String record) {
        events.add("write " + record);
      }

      @Override
      public synchronized void onCheckpoint(long checkpointId) {
        events.add("commit " + checkpointId);
      }

      @Override
      public boolean threadSafe() {
        return true;
      }
    };
    Pipeline<String> job = Pipeline.from("in", source)
        .to("out", shared, io.sluice.api.StageOptions.defaults()
            .withDispatch(Dispatch.batched(3)).withParallelism(Parallelism.unordered(2)))
        .withCheckpoints(store, Duration.ofMinutes(1));
    DeterministicRun<String> run = tester.runDeterministic(job);
    source.push("a", "b", "c", "d");
    run.checkpoint();
    source.push("e");
    run.cancel();

    assertThat(events).containsExactly("write a", "write b", "write c", "write d", "commit 1");
    TestSource<String> again = TestSource.create();
    again.push("a", "b", "c", "d", "e", "f").complete();
    PipelineReport resumed = tester.runDeterministic(Pipeline.from("in", again)
        .to("out", shared, io.sluice.api.StageOptions.defaults()
            .withDispatch(Dispatch.batched(3)).withParallelism(Parallelism.unordered(2)))
        .withCheckpoints(store, Duration.ofMinutes(1))).awaitCompletion();

    assertThat(resumed.checkpoints().orElseThrow().resumedFrom().orElseThrow().positions())
        .containsEntry("in", "4");
    assertThat(events.subList(5, events.size())).containsExactlyInAnyOrder("write e", "write f");
    assertThat(resumed.accountingBreaches()).isEmpty();
  }

  /** in → lookup (the test's async stage) → out, with checkpoints when the test asks. */
  private DeterministicRun<String> throughLookup(Async async, Dispatch dispatch,
      ErrorPolicy policy) {
    return tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, async).withDispatch(dispatch).withErrorPolicy(policy)
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
  }

  private PipelineReport finish(DeterministicRun<String> run) throws Exception {
    source.complete();
    PipelineReport report = run.awaitCompletion();
    assertThat(report.accountingBreaches()).isEmpty();
    return report;
  }
}
