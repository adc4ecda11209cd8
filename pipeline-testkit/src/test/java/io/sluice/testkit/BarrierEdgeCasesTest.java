package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Async;
import io.sluice.api.AsyncStage;
import io.sluice.api.CheckpointStore;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Adversarial cases of checkpoint barriers crossing parallel and async stages on the
 * deterministic runner: calls that complete at once, barriers back to back, a failed call dead-
 * lettered or retried before a barrier, a parallel stage after a merge, skewed keys.
 */
class BarrierEdgeCasesTest {
  private final PipelineTester tester = PipelineTester.create();
  private final TestSource<String> source = TestSource.create();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final CommitLog<String> committing = new CommitLog<>();
  private final List<String> events = committing.events();


  @AfterEach
  void nothingLeft() {
    assertThat(tester.unfinishedRuns()).isEmpty();
  }

  @Test
  void anAsyncStageWhoseCallsCompleteAtOnceLetsTheBarrierOutDuringTheCheckpoint() {
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .mapAsync("upper", (String s) -> CompletableFuture.completedFuture(s.toUpperCase()),
            Async.ordered(4))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b");

    run.checkpoint();

    assertThat(events).containsExactly("write A", "write B", "commit 1");
    finish(run);
  }

  @Test
  void aBatchedAsyncStageWhoseCallsCompleteAtOnceLetsTheBarrierOutDuringTheCheckpoint() {
    TestAsyncStage<String, String> upper = TestAsyncStage.answering(String::toUpperCase);
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("upper", () -> upper, Async.unordered(4)).withDispatch(Dispatch.batched(4))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b", "c");

    run.checkpoint(); // the barrier flushes the batch: its call completes as it starts

    assertThat(events).containsExactly("write A", "write B", "write C", "commit 1");
    finish(run);
  }

  @Test
  void barriersBackToBackLeaveInOrderEachBehindItsOwnCalls() {
    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.unordered(8))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a");
    run.checkpoint();
    run.checkpoint(); // nothing between the two barriers
    source.push("b");
    run.checkpoint();
    source.push("c");

    lookup.call(2).complete("C");
    lookup.call(1).complete("B");
    assertThat(events).isEmpty();
    lookup.call(0).complete("A");

    assertThat(events).containsExactly("write A", "commit 1", "commit 2", "write B", "commit 3",
        "write C");
    finish(run);
  }

  @Test
  void aCallDeadLetteredBeforeTheBarrierIsCommittedByTheDeadLetterSinkWithIt() {
    List<String> letters = new ArrayList<>();
    Sink<DeadLetter> deadLetters = new Sink<>() {
      @Override
      public void write(DeadLetter letter) {
        letters.add("write " + letter.record());
      }

      @Override
      public void onCheckpoint(long checkpointId) {
        letters.add("commit " + checkpointId);
      }
    };
    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.unordered(8))
        .withErrorPolicy(ErrorPolicy.deadLetter(deadLetters))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b");
    run.checkpoint();
    source.push("c");
    lookup.call(2).fail(new IllegalStateException("after the barrier"));
    lookup.call(1).complete("B");
    assertThat(letters).isEmpty(); // the failure after the barrier waits behind it

    lookup.call(0).fail(new IllegalStateException("down"));

    assertThat(events).containsExactly("write B", "commit 1");
    assertThat(letters).containsExactly("write a", "commit 1", "write c");
    PipelineReport report = finish(run);
    assertThat(report.stage("lookup").deadLettered()).isEqualTo(2);
  }

  @Test
  void aCallRetriedBeforeTheBarrierIsWaitedForAndCountedOnce() {
    List<String> attempts = new ArrayList<>();
    List<CompletableFuture<String>> first = new ArrayList<>();
    AsyncStage<String, String> flaky = record -> {
      attempts.add(record);
      if (attempts.stream().filter(record::equals).count() == 1) {
        CompletableFuture<String> call = new CompletableFuture<>();
        first.add(call);
        return call; // the test completes (or fails) each first attempt
      }
      return CompletableFuture.completedFuture(record.toUpperCase()); // a retry answers at once
    };
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> flaky, Async.ordered(4))
        .withErrorPolicy(ErrorPolicy.retry(3, Duration.ZERO, Duration.ZERO))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b");
    run.checkpoint();
    source.push("c");
    first.get(2).complete("C");
    first.get(1).complete("B");

    first.get(0).completeExceptionally(new IllegalStateException("once"));

    assertThat(events).containsExactly("write A", "write B", "commit 1", "write C");
    PipelineReport report = finish(run);
    assertThat(report.stage("lookup").retried()).isEqualTo(1);
  }

  @Test
  void aParallelStageAfterAMergeAlignsTheBarrierOfBothInputs() {
    TestSource<String> other = TestSource.create();
    PipelineBuilder<String, String> left = Pipeline.from("left", source);
    PipelineBuilder<String, String> right = Pipeline.from("right", other);
    DeterministicRun<String> run = tester.runDeterministic(left.mergeWith(right)
        .map("upper", (String s) -> s.toUpperCase()).withDispatch(Dispatch.batched(3))
        .parallel(Parallelism.keyed(2, (String s) -> s.length()))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "bb");
    other.push("c", "dd", "eee");

    run.checkpoint();

    assertThat(events).containsExactlyInAnyOrder("write A", "write BB", "write C", "write DD",
        "write EEE", "commit 1");
    assertThat(events.get(events.size() - 1)).isEqualTo("commit 1");
    finish(run, other);
  }

  @Test
  void aKeyedStageWithOneHotKeyKeepsItsOrderAcrossBarriers() {
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("upper", (String s) -> s.toUpperCase()).withDispatch(Dispatch.batched(4))
        .parallel(Parallelism.keyed(4, (String s) -> "hot"))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b", "c", "d", "e");
    run.checkpoint();
    source.push("f", "g");
    run.checkpoint();
    source.push("h");

    PipelineReport report = finish(run);

    assertThat(events).containsExactly("write A", "write B", "write C", "write D", "write E",
        "commit 1", "write F", "write G", "commit 2", "write H");
    assertThat(report.stage("upper").workers()).hasSize(4);
  }

  @Test
  void aCancelWhileABarrierWaitsForACallStrandsItsRecordsAndSavesNothing() throws Exception {
    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.unordered(8)).withDispatch(Dispatch.batched(2))
        .to("out", committing)
        .withCheckpoints(store, Duration.ofMinutes(1)));
    source.push("a", "b", "c");
    run.checkpoint();
    source.push("d", "e");
    lookup.call(1).completeBatch(List.of("C")); // done, but its barrier waits for call 0
    lookup.call(2).completeBatch(List.of("D", "E")); // after the barrier: held behind it

    run.cancel();

    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(events).containsExactly("write C");
    assertThat(store.load().orElseThrow().positions()).doesNotContainEntry("in", "3");
    assertThat(report.stage("lookup").stranded()).isEqualTo(4); // a, b and the held d, e
    assertThat(report.accountingBreaches()).isEmpty();
  }

  private PipelineReport finish(DeterministicRun<String> run, TestSource<?>... more) {
    for (TestSource<?> each : more) {
      each.complete();
    }
    source.complete();
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(report.accountingBreaches()).isEmpty();
    return report;
  }
}
