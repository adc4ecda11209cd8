package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Async;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel and async stages on the deterministic runner: the test's thread, its clock, its order. */
class DeterministicConcurrencyTest {
  private final PipelineTester tester = PipelineTester.create();
  private final TestSource<String> source = TestSource.create();
  private final TestSink<String> sink = TestSink.create();

  @AfterEach
  void nothingLeft() {
    assertThat(tester.unfinishedRuns()).isEmpty();
  }

  @Test
  void anOrderedStageHoldsCallTwoUntilCallOneCompletes() {
    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.ordered(2))
        .to("out", sink));
    source.push("a", "b", "c");
    assertThat(lookup.calls()).hasSize(2); // the third waits for a free slot
    lookup.call(1).complete("B");
    assertThat(sink.records()).isEmpty(); // b waits for a
    assertThat(lookup.calls()).hasSize(3); // b's slot went to c
    lookup.call(0).complete("A");
    assertThat(sink.records()).containsExactly("A", "B");
    source.complete();
    assertThat(run.isDone()).isFalse(); // c is in flight: the stage has not ended
    lookup.call(2).complete(null); // no output: filtered
    assertThat(run.isDone()).isTrue();
    PipelineReport report = run.awaitCompletion();
    assertThat(report.stage("lookup").filtered()).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void anUnorderedStageReleasesEachCallAsItCompletes() {
    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.unordered(4))
        .to("out", sink));
    source.push("a", "b");
    lookup.call(1).complete("B");
    assertThat(sink.records()).containsExactly("B");
    lookup.call(0).complete("A");
    assertThat(sink.records()).containsExactly("B", "A");
    source.complete();
  }

  @Test
  void aFailedCallAndATimeoutGoToTheErrorPolicyOnVirtualTime() {
    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    List<DeadLetter> dead = new ArrayList<>();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.ordered(4).withTimeout(Duration.ofSeconds(2)))
        .withErrorPolicy(ErrorPolicy.deadLetter(dead::add))
        .to("out", sink));
    source.push("a", "b", "c");
    lookup.call(0).fail(new IOException("down"));
    lookup.call(2).complete("C");
    tester.clock().advance(Duration.ofSeconds(2)); // b's call times out
    assertThat(sink.records()).containsExactly("C");
    assertThat(dead).extracting(DeadLetter::record).containsExactly("a", "b");
    assertThat(dead.get(1).exception()).isInstanceOf(TimeoutException.class);
    source.complete();
    assertThat(run.awaitCompletion().stage("lookup").deadLettered()).isEqualTo(2);
  }

  @Test
  void batchedCallsCarryWholeBatchesAndSplitAFailedOneWhenAnswered() {
    TestAsyncStage<String, String> lookup = TestAsyncStage.answering(s -> {
      if (s.equals("bad")) {
        throw new IllegalArgumentException("bad record");
      }
      return s.toUpperCase();
    });
    List<DeadLetter> dead = new ArrayList<>();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.ordered(2))
        .withDispatch(Dispatch.batched(3)).withErrorPolicy(ErrorPolicy.deadLetter(dead::add))
        .to("out", sink));
    source.push("a", "bad", "c", "d").complete();
    assertThat(sink.records()).containsExactly("A", "C", "D");
    assertThat(dead).extracting(DeadLetter::record).containsExactly("bad");
    assertThat(lookup.call(0).records()).containsExactly("a", "bad", "c");
    PipelineReport report = run.awaitCompletion();
    assertThat(report.stage("lookup").batches(FlushReason.SIZE)).isEqualTo(1);
    assertThat(report.stage("lookup").batches(FlushReason.END_OF_STREAM)).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void parallelWorkersRunOnTheTestsThreadWithTheirOwnBatches() {
    List<String> threads = new ArrayList<>();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("upper", (String s) -> {
          threads.add(Thread.currentThread().getName());
          return s.toUpperCase();
        }).withDispatch(Dispatch.batched(2, Duration.ofSeconds(1)))
        .parallel(Parallelism.ordered(2))
        .to("out", sink));
    source.push("a", "b", "c");
    assertThat(sink.records()).containsExactly("A", "B"); // worker 1's batch; c waits in worker 2
    tester.clock().advance(Duration.ofSeconds(1));
    assertThat(sink.records()).containsExactly("A", "B", "C");
    assertThat(threads).containsOnly(Thread.currentThread().getName());
    source.complete();
    PipelineReport report = run.awaitCompletion();
    assertThat(report.stage("upper").batches(FlushReason.SIZE)).isEqualTo(1);
    assertThat(report.stage("upper").batches(FlushReason.TIME)).isEqualTo(1);
  }
}
