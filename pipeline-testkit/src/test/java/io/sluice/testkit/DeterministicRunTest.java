package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeterministicRunTest {
  private static final Duration MAX_WAIT = Duration.ofMillis(200);

  private final PipelineTester tester = PipelineTester.create();
  private final TestSource<Integer> source = TestSource.create();
  private final TestSink<Integer> sink = TestSink.create();

  @AfterEach
  void nothingLeft() {
    assertThat(tester.unfinishedRuns()).isEmpty();
  }

  @Test
  void aPushIsCarriedThroughEveryStageOnTheCallingThreadBeforeItReturns() {
    List<String> threads = new ArrayList<>();
    Pipeline<Integer> pipeline = Pipeline.from("in", source)
        .map("inc", x -> {
          threads.add(Thread.currentThread().getName());
          return x + 1;
        })
        .to("out", sink);
    DeterministicRun<Integer> run = tester.runDeterministic(pipeline);
    source.push(1, 2);
    assertThat(sink.records()).containsExactly(2, 3);
    assertThat(threads).containsOnly(Thread.currentThread().getName());
    source.complete();
    assertThat(run.isDone()).isTrue();
    assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
  }

  @Test
  void recordsPushedBeforeTheStartAndThroughAMappedSourceAreCarriedThrough() {
    source.push(1, 2);
    TestSink<String> out = TestSink.create();
    DeterministicRun<String> run = tester.runDeterministic(
        Pipeline.from("in", source.map(x -> "#" + x)).to("out", out));
    assertThat(out.records()).containsExactly("#1", "#2");
    source.push(3); // the mapped source passes the run's context on, so the push still wakes it
    assertThat(out.records()).containsExactly("#1", "#2", "#3");
    run.close();
  }

  @Test
  void aFiniteSourceIsReadToItsEndWhenTheRunStarts() {
    TestSink<String> out = TestSink.create();
    DeterministicRun<String> run = tester.runDeterministic(
        Pipeline.from("in", Source.of("a", "b", "c")).to("out", out, Dispatch.batched(2)));
    assertThat(run.isDone()).isTrue();
    assertThat(out.batches()).containsExactly(new Batch<>(FlushReason.SIZE, List.of("a", "b")),
        new Batch<>(FlushReason.END_OF_STREAM, List.of("c")));
    PipelineReport report = run.awaitCompletion();
    assertThat(report.stage("in").emitted()).isEqualTo(3);
    assertThat(report.stage("out").received()).isEqualTo(3);
  }

  @Test
  void oneNanosecondShortOfMaxWaitFlushesNothingAndMaxWaitFlushesOnceWithTime() {
    DeterministicRun<Integer> run = tester.runDeterministic(
        Pipeline.from("in", source).to("out", sink, Dispatch.batched(100, MAX_WAIT)));
    source.push(1, 2, 3);
    run.advance(MAX_WAIT.minusNanos(1));
    assertThat(sink.batches()).isEmpty();
    assertThat(run.pending("out")).isEqualTo(3);
    run.advance(Duration.ofNanos(1));
    assertThat(sink.batches()).containsExactly(new Batch<>(FlushReason.TIME, List.of(1, 2, 3)));
    run.advance(MAX_WAIT.multipliedBy(3));
    assertThat(sink.batches()).hasSize(1);
    source.complete();
    assertThat(run.awaitCompletion().stage("out").batchesByReason())
        .containsExactlyEntriesOf(java.util.Map.of(FlushReason.TIME, 1L));
  }

  @Test
  void oneAdvanceStepsThroughChainedDeadlinesInTimeOrder() {
    List<Long> flushedAt = new ArrayList<>();
    Sink<Integer> timed = new Sink<>() {
      private StageContext context;

      @Override
      public void open(StageContext ctx) {
        context = ctx;
      }

      @Override
      public void write(Integer record) {
        flushedAt.add(context.clock().nanoTime());
      }

      @Override
      public void writeBatch(List<Integer> batch) {
        flushedAt.add(context.clock().nanoTime());
      }
    };
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .stage("first", (Stage<Integer, Integer>) (x, out) -> out.emit(x),
            Dispatch.batched(10, Duration.ofSeconds(1)))
        .to("second", timed, Dispatch.batched(10, Duration.ofSeconds(2))));
    source.push(1);
    run.advance(Duration.ofSeconds(10));
    // first flushes at 1 s; its record starts second's batch then, which falls due at 3 s
    assertThat(flushedAt).containsExactly(Duration.ofSeconds(3).toNanos());
    assertThat(tester.clock().nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
    run.close();
  }

  @Test
  void dueStagesFlushInPipelineOrder() {
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .stage("pairs", (Stage<Integer, Integer>) (x, out) -> out.emit(x),
            Dispatch.batched(2, MAX_WAIT))
        .to("out", sink, Dispatch.batched(10, MAX_WAIT)));
    source.push(1, 2, 3); // [1, 2] reach the sink at once; 3 waits in 'pairs'; both due at 200 ms
    run.advance(MAX_WAIT);
    // 'pairs' flushes first, so 3 joins the sink's due batch before the sink flushes
    assertThat(sink.batches()).containsExactly(new Batch<>(FlushReason.TIME, List.of(1, 2, 3)));
    run.close();
  }

  @Test
  void theEndOfTheStreamFlushesEveryStageInOrderAndClosesThem() {
    TestSink<Integer> out = TestSink.create();
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .stage("pairs", (Stage<Integer, Integer>) (x, o) -> o.emit(x), Dispatch.batched(2))
        .to("out", out, Dispatch.batched(4)));
    source.push(1, 2, 3);
    assertThat(out.records()).isEmpty();
    source.complete();
    assertThat(out.batches()).containsExactly(
        new Batch<>(FlushReason.END_OF_STREAM, List.of(1, 2, 3)));
    assertThat(out.closeCalls()).isEqualTo(1);
    assertThat(source.isClosed()).isTrue();
    PipelineReport report = run.awaitCompletion();
    assertThat(report.stage("pairs").batchesByReason())
        .containsEntry(FlushReason.SIZE, 1L).containsEntry(FlushReason.END_OF_STREAM, 1L);
    assertThat(report.elapsed()).isZero();
  }

  @Test
  void closeDrainsAndCancelAbandons() {
    DeterministicRun<Integer> drained = tester.runDeterministic(
        Pipeline.from("in", source).to("out", sink, Dispatch.batched(10)));
    source.push(1, 2);
    drained.close();
    assertThat(sink.batches()).containsExactly(new Batch<>(FlushReason.DRAIN, List.of(1, 2)));
    assertThat(drained.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);

    TestSource<Integer> other = TestSource.create();
    TestSink<Integer> dropped = TestSink.create();
    DeterministicRun<Integer> cancelled = tester.runDeterministic(
        Pipeline.from("in", other).to("out", dropped, Dispatch.batched(10)));
    other.push(1, 2);
    cancelled.cancel();
    assertThat(dropped.records()).isEmpty();
    assertThat(dropped.closeCalls()).isEqualTo(1);
    PipelineReport report = cancelled.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.stage("out").stranded()).isEqualTo(2); // the batch that never filled
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aStageFailureEndsTheRunLikeOnTheRuntime() {
    TestSink<Integer> out = TestSink.create();
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("check", x -> {
          if (x < 0) {
            throw new IllegalArgumentException("negative " + x);
          }
          return x;
        })
        .to("out", out));
    source.push(1, -2, 3); // returns normally, as a push on the runtime would
    assertThat(run.isDone()).isTrue();
    assertThat(out.records()).containsExactly(1);
    assertThat(out.closeCalls()).isEqualTo(1);
    assertThat(source.isClosed()).isTrue();
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'check'").hasMessageContaining("record -2");
    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(report.stage("check").received()).isEqualTo(3); // pushed in one poll
    assertThat(report.stage("check").stranded()).isEqualTo(1); // 3 reached it after it failed
  }

  @Test
  void anAssertionFailingInsideAStageFailsTheRunAndClosesEverything() {
    TestSink<Integer> out = TestSink.create();
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("asserting", x -> {
          assertThat(x).isPositive();
          return x;
        })
        .to("out", out));
    source.push(1, 0, 2);
    assertThat(run.isDone()).isTrue();
    assertThat(out.records()).containsExactly(1);
    assertThat(out.closeCalls()).isEqualTo(1);
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'asserting'").hasMessageContaining("record 0")
        .hasCauseInstanceOf(AssertionError.class);
  }

  @Test
  void aFailedTestSourceFailsTheRunWithItsCause() {
    DeterministicRun<Integer> run = tester.runDeterministic(
        Pipeline.from("feed", source).to("out", sink));
    source.push(1);
    source.fail(new java.io.IOException("disk gone"));
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'feed'").hasRootCauseMessage("disk gone");
    assertThat(sink.records()).containsExactly(1);
  }

  @Test
  void closeRethrowsAFailureNobodyAwaited() {
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .to("out", (Sink<Integer>) x -> {
          throw new IllegalStateException("full");
        }));
    source.push(1);
    assertThatThrownBy(run::close).isInstanceOf(StageFailedException.class);
    run.close(); // reported once
  }

  @Test
  void waitingForARunThatCannotEndFailsAtOnceInsteadOfHanging() throws Exception {
    DeterministicRun<Integer> run = tester.runDeterministic(
        Pipeline.from("in", source).to("out", sink));
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("complete its source");
    assertThatThrownBy(() -> run.awaitCompletion(Duration.ofSeconds(1)))
        .isInstanceOf(TimeoutException.class);
    source.complete();
    assertThat(run.awaitCompletion(Duration.ZERO).outcome())
        .isEqualTo(PipelineReport.Outcome.COMPLETED);
  }

  @Test
  void aLiveInputTakesPushesOnTheCallingThread() throws Exception {
    TestSink<String> out = TestSink.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.live("ticks", String.class)
        .map("upper", String::toUpperCase).to("out", out, Dispatch.batched(2, MAX_WAIT)));
    LiveInput<String> input = run.input();
    input.push("a");
    assertThat(input.tryPush("b")).isTrue();
    assertThat(out.records()).containsExactly("A", "B");
    input.push("c");
    run.advance(MAX_WAIT);
    assertThat(out.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.TIME);
    @SuppressWarnings({"unchecked", "rawtypes"})
    LiveInput<Object> raw = (LiveInput) input;
    assertThatThrownBy(() -> raw.push(42)).isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.String");
    input.complete();
    assertThatThrownBy(() -> input.push("d")).isInstanceOf(IllegalStateException.class);
    assertThat(run.awaitCompletion().stage("ticks").emitted()).isEqualTo(3);
    assertThatThrownBy(() -> tester.runDeterministic(Pipeline.from("in", source).to("o", sink))
        .input()).isInstanceOf(IllegalStateException.class);
    tester.close();
  }

  @Test
  void isConfinedToTheThreadThatStartedIt() throws Exception {
    DeterministicRun<Integer> run = tester.runDeterministic(
        Pipeline.from("in", source).to("out", sink, Dispatch.batched(5, MAX_WAIT)));
    Throwable thrown = CompletableFuture.runAsync(() -> run.advance(MAX_WAIT))
        .handle((ok, error) -> error).get();
    assertThat(thrown).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to thread");
    run.close();
  }

  @Test
  void aStageThatAdvancesTheClockIsRejected() {
    VirtualClock clock = tester.clock();
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("sleepy", x -> {
          clock.advance(Duration.ofSeconds(1));
          return x;
        })
        .to("out", sink, Dispatch.batched(5, MAX_WAIT)));
    source.push(1); // nothing is due yet, so this advance flushes nothing
    assertThat(run.isDone()).isFalse();
    source.push(2); // this advance makes the sink's batch due while 'sleepy' is processing
    assertThat(run.isDone()).isTrue();
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'sleepy'")
        .rootCause().hasMessageContaining("advanced the virtual clock while processing");
  }

  @Test
  void reportsCountsWhileRunning() {
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.from("in", source)
        .filter("even", x -> x % 2 == 0).to("out", sink, Dispatch.batched(10)));
    source.push(1, 2, 3, 4);
    assertThat(run.stageReport("even").received()).isEqualTo(4);
    assertThat(run.stageReport("even").emitted()).isEqualTo(2);
    assertThat(run.stageReport("in").emitted()).isEqualTo(4);
    assertThat(run.pending("out")).isEqualTo(2);
    assertThatThrownBy(() -> run.pending("in")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no stage 'in' after its input");
    assertThat(run.report()).isEmpty();
    run.close();
  }

  @Test
  void givesTheSameReportAsTheRuntimeForTheSameInput() throws Exception {
    List<Integer> input = java.util.stream.IntStream.range(0, 1_000).boxed().toList();
    Pipeline<Integer> pipeline = Pipeline.named("same").from("in", Source.fromIterable(input))
        .filter("odd", x -> x % 2 == 1)
        .stage("tens", (Stage<Integer, Integer>) (x, out) -> out.emit(x), Dispatch.batched(10))
        .to("out", (Sink<Integer>) x -> { }, Dispatch.batched(7));
    PipelineReport deterministic = tester.run(PipelineTester.Mode.DETERMINISTIC, pipeline);
    PipelineReport runtime = tester.run(PipelineTester.Mode.RUNTIME, pipeline);
    assertThat(deterministic.stages()).extracting(Object::toString)
        .isEqualTo(runtime.stages().stream().map(Object::toString).toList())
        .contains("out SINK: received 500, emitted 0, batches {SIZE=71, END_OF_STREAM=1}");
    assertThat(deterministic.outcome()).isEqualTo(runtime.outcome());
  }

  @Test
  void pipelineStartStillUsesTheLocalRunner() {
    try (RunningPipeline<Integer> run = Pipeline.from("in", Source.of(1)).to("out", sink).start()) {
      assertThat(run).isNotInstanceOf(DeterministicRun.class);
      assertThat(run.getClass().getModule().getName()).isEqualTo("io.sluice.runtime");
    }
    assertThat(DeterministicRunner.on(tester.clock()).priority()).isNegative();
  }
}
