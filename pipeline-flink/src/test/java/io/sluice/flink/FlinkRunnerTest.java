package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Async;
import io.sluice.api.AsyncStage;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.Batch;
import io.sluice.testkit.conformance.Recorder;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is particular to the Flink runner: shipping, refusals, parallelism and checkpoints. */
class FlinkRunnerTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();

  private final Recorder recorder = Recorder.create();

  @AfterEach
  void forget() {
    recorder.close();
  }

  /** A stage that cannot be serialized. */
  static final class Local implements Stage<Integer, Integer> {
    @Override
    public void process(Integer record, Emitter<Integer> out) {
      out.emit(record);
    }
  }

  @Test
  void aNodeThatCannotBeShippedIsRefusedByNameBeforeTheJobIsSubmitted() {
    Pipeline<Integer> instance = Pipeline.named("local-instance")
        .from("in", () -> Source.of(1, 2))
        .stage("enrich", new Local())
        .to("out", recorder.sink("out"));
    Function<Integer, Integer> plain = x -> x + 1;
    Pipeline<Integer> function = Pipeline.named("plain-function")
        .from("in", () -> Source.of(1, 2))
        .map("increment", plain)
        .to("out", recorder.sink("out"));

    assertThatThrownBy(() -> instance.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'enrich'").hasMessageContaining("StageFactory");
    assertThatThrownBy(() -> function.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage 'increment'");
    assertThat(recorder.records("out")).isEmpty();
  }

  @Test
  void aLiveInputAndSmartBatchingAreRefusedNamingTheNode() {
    Pipeline<Integer> live = Pipeline.live("ticks", Integer.class)
        .to("out", recorder.sink("out"));
    Pipeline<Integer> smart = Pipeline.named("smart")
        .from("in", () -> Source.of(1))
        .to("out", recorder.sink("out"), Dispatch.smart(10));

    assertThatThrownBy(() -> live.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ticks'");
    assertThatThrownBy(() -> smart.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage 'out'");
  }

  @Test
  void sluiceCheckpointsAreRefusedBeforeSubmission() {
    Pipeline<Integer> checkpointed = Pipeline.named("restartable")
        .from("in", () -> Source.of(1, 2, 3))
        .to("out", recorder.sink("out"))
        .withCheckpoints(io.sluice.api.CheckpointStore.inMemory(), java.time.Duration.ofSeconds(1));

    assertThatThrownBy(() -> checkpointed.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline 'restartable'").hasMessageContaining("Flink's");
    assertThat(recorder.records("out")).isEmpty();
  }

  @Test
  void withParallelismTwoEveryRecordArrivesOnceAndTheReportSumsTheSubtasks() throws Exception {
    List<Integer> input = IntStream.rangeClosed(1, 2000).boxed().toList();
    Pipeline<Integer> pipeline = Pipeline.named("parallel")
        .from("in", () -> Source.fromIterable(input))
        .map("double", (Function<Integer, Integer> & Serializable) x -> x * 2)
        .to("out", recorder.sink("out"), Dispatch.batched(50));

    PipelineReport report = pipeline.start(FlinkRunner.fromContext().withParallelism(2))
        .awaitCompletion(Duration.ofSeconds(60));

    assertThat(recorder.records("out")).hasSize(2000)
        .containsExactlyInAnyOrderElementsOf(input.stream().map(x -> x * 2).toList());
    assertThat(report.stage("double").received()).isEqualTo(2000);
    assertThat(recorder.batches("out")).allSatisfy(b -> assertThat(b.size()).isBetween(1, 50));
    assertThat(report.stage("out").totalBatches()).isEqualTo(recorder.batches("out").size());
    Accounting.assertAddsUp(pipeline, report);
  }

  /**
   * Each subtask of a batched stage flushes its own last partial batch: a valid report, with a
   * worker row per subtask, that the testkit's accounting check accepts.
   */
  @Test
  void eachSubtaskFlushingItsLastPartialBatchAddsUp() throws Exception {
    List<Integer> input = IntStream.rangeClosed(1, 1001).boxed().toList();
    Pipeline<Integer> pipeline = Pipeline.named("subtasks")
        .from("in", () -> Source.fromIterable(input))
        .map("same", (Function<Integer, Integer> & Serializable) x -> x)
        .withDispatch(Dispatch.batched(7))
        .to("out", recorder.sink("out"));

    PipelineReport report = pipeline.start(FlinkRunner.fromContext().withParallelism(2))
        .awaitCompletion(Duration.ofSeconds(60));

    assertThat(recorder.records("out")).hasSize(1001);
    assertThat(report.stage("same").batches(FlushReason.END_OF_STREAM)).isEqualTo(2);
    assertThat(report.stage("same").workers()).extracting(StageReport::name)
        .containsExactly("same[0]", "same[1]");
    assertThat(report.stage("same").workers()).allSatisfy(worker ->
        assertThat(worker.batches(FlushReason.END_OF_STREAM)).isEqualTo(1));
    assertThat(report.stage("same").workers().stream().mapToLong(StageReport::received).sum())
        .isEqualTo(1001);
    Accounting.assertAddsUp(pipeline, report);
  }

  /** A record with the name of the thread (the Flink subtask) that processed it. */
  record OnSubtask(int value, String subtask) implements Serializable {}

  /** Tags each record with its subtask's thread. */
  static final class TagSubtask implements Stage<Integer, OnSubtask>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(Integer record, Emitter<OnSubtask> out) {
      out.emit(new OnSubtask(record, Thread.currentThread().getName()));
    }
  }

  private List<OnSubtask> tagged() {
    return recorder.records("out").stream().map(OnSubtask.class::cast).toList();
  }

  @Test
  void aKeyedParallelStageRunsOnItsSubtasksKeepingEachKeysOrder() throws Exception {
    List<Integer> input = IntStream.rangeClosed(1, 700).boxed().toList();
    Function<Integer, Integer> byRemainder = (Function<Integer, Integer> & Serializable) x -> x % 7;
    Pipeline<Integer> pipeline = Pipeline.named("keyed")
        .from("in", () -> Source.fromIterable(input))
        .stage("tag", TagSubtask::new, Dispatch.batched(16, Duration.ofMillis(20)))
        .parallel(Parallelism.keyed(2, byRemainder))
        .to("out", recorder.sink("out"));

    PipelineReport report = pipeline.start(FlinkRunner.fromContext())
        .awaitCompletion(Duration.ofSeconds(60));

    Map<Integer, List<OnSubtask>> byKey = tagged().stream()
        .collect(Collectors.groupingBy(t -> t.value() % 7));
    assertThat(byKey).hasSize(7).allSatisfy((key, records) -> {
      assertThat(records).extracting(OnSubtask::value)
          .isEqualTo(input.stream().filter(x -> x % 7 == key).toList());
      assertThat(records).extracting(OnSubtask::subtask).containsOnly(records.get(0).subtask());
    });
    assertThat(tagged().stream().map(OnSubtask::subtask).distinct()).hasSize(2);
    assertThat(report.stage("tag").received()).isEqualTo(700);
    assertThat(report.stage("tag").emitted()).isEqualTo(700);
    Accounting.assertAddsUp(pipeline, report);
  }

  @Test
  void anUnorderedParallelStageKeepsTheMultisetOverItsSubtasks() throws Exception {
    List<Integer> input = IntStream.rangeClosed(1, 500).boxed().toList();
    Pipeline<Integer> pipeline = Pipeline.named("unordered")
        .from("in", () -> Source.fromIterable(input))
        .stage("tag", TagSubtask::new)
        .parallel(Parallelism.unordered(2))
        .to("out", recorder.sink("out"), Dispatch.batched(40));

    PipelineReport report = pipeline.start(FlinkRunner.fromContext())
        .awaitCompletion(Duration.ofSeconds(60));

    assertThat(tagged()).extracting(OnSubtask::value).containsExactlyInAnyOrderElementsOf(input);
    assertThat(tagged().stream().map(OnSubtask::subtask).distinct()).hasSize(2);
    assertThat(report.stage("tag").received()).isEqualTo(500);
    Accounting.assertAddsUp(pipeline, report);
  }

  @Test
  void anOrderedParallelStageAndAnUnshippableKeyAreRefusedNamingTheStage() {
    Pipeline<Integer> ordered = Pipeline.named("ordered")
        .from("in", () -> Source.of(1, 2))
        .stage("enrich", TagSubtask::new)
        .parallel(2)
        .to("out", recorder.sink("out"));
    Function<Integer, Integer> plainKey = x -> x % 2;
    Pipeline<Integer> keyed = Pipeline.named("plain-key")
        .from("in", () -> Source.of(1, 2))
        .stage("score", TagSubtask::new)
        .parallel(Parallelism.keyed(2, plainKey))
        .to("out", recorder.sink("out"));

    assertThatThrownBy(() -> ordered.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'enrich'").hasMessageContaining("parallel(2, ORDERED)")
        .hasMessageContaining("Parallelism.keyed(2, key)")
        .hasMessageContaining("Parallelism.unordered(2)");
    assertThatThrownBy(() -> keyed.start(FlinkRunner.fromContext()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'score'").hasMessageContaining("Serializable key function");
    assertThat(recorder.records("out")).isEmpty();
  }

  /** Answers each call on another thread; 13 fails. */
  static final class Lookup implements AsyncStage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public CompletionStage<Integer> call(Integer record) {
      return record == 13 ? CompletableFuture.failedFuture(new IllegalStateException("no rate"))
          : CompletableFuture.supplyAsync(() -> record * 10);
    }
  }

  @Test
  void asyncStagesShipAndCallOneAtATimeWithTheirErrorPolicy() throws Exception {
    List<Integer> input = IntStream.rangeClosed(1, 40).boxed().toList();
    Function<Integer, CompletionStage<Integer>> plusOne =
        (Function<Integer, CompletionStage<Integer>> & Serializable)
            x -> CompletableFuture.supplyAsync(() -> x + 1);
    Pipeline<Integer> pipeline = Pipeline.named("async")
        .from("in", () -> Source.fromIterable(input))
        .stageAsync("rate", Lookup::new, Async.unordered(8).withTimeout(Duration.ofSeconds(10)))
        .withErrorPolicy(ErrorPolicy.skip())
        .mapAsync("plus", plusOne, Async.ordered(4))
        .to("out", recorder.sink("out"));

    PipelineReport report = pipeline.start(FlinkRunner.fromContext())
        .awaitCompletion(Duration.ofSeconds(60));

    assertThat(recorder.records("out")).isEqualTo(input.stream().filter(x -> x != 13)
        .map(x -> x * 10 + 1).toList());
    assertThat(report.stage("rate").skipped()).isEqualTo(1);
    assertThat(report.stage("plus").received()).isEqualTo(39);
    Accounting.assertAddsUp(pipeline, report);
  }

  /** Emits 1..3, waits (staying open) until the sink has them, then emits 4..6 and ends. */
  static final class WaitsForTheSink implements Source<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Recorder recorder;
    private int sent;

    WaitsForTheSink(Recorder recorder) {
      this.recorder = recorder;
    }

    @Override
    public boolean poll(Emitter<Integer> out) {
      if (sent == 0) {
        List.of(1, 2, 3).forEach(out::emit);
        sent = 3;
        return true;
      }
      if (recorder.records("out").size() < 3) {
        return true;
      }
      List.of(4, 5, 6).forEach(out::emit);
      return false;
    }
  }

  @Test
  void aCheckpointNeverHoldsRecordsInsideABatch() throws Exception {
    Recorder rec = recorder;
    Pipeline<Integer> pipeline = Pipeline.named("checkpointed")
        .from("in", () -> new WaitsForTheSink(rec))
        .to("out", recorder.sink("out"), Dispatch.batched(100)); // no size or time flush here
    FlinkRunner checkpointing = FlinkRunner.on(() -> {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.enableCheckpointing(50);
      return env;
    });

    PipelineReport report = pipeline.start(checkpointing).awaitCompletion(Duration.ofSeconds(60));

    assertThat(recorder.batches("out")).containsExactly(
        new Batch<>(FlushReason.CHECKPOINT, List.of(1, 2, 3)),
        new Batch<>(FlushReason.END_OF_STREAM, List.of(4, 5, 6)));
    assertThat(report.stage("out").batches(FlushReason.CHECKPOINT)).isEqualTo(1);
    Accounting.assertAddsUp(pipeline, report);
  }

  /** A source whose second poll throws. */
  static final class Broken implements Source<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private boolean polled;

    @Override
    public boolean poll(Emitter<Integer> out) throws Exception {
      if (polled) {
        throw new java.io.IOException("disk gone");
      }
      polled = true;
      out.emit(1);
      return true;
    }
  }

  @Test
  void aFailingSourceFailsTheRunNamingTheSource() {
    Pipeline<Integer> pipeline = Pipeline.named("broken")
        .from("in", Broken::new)
        .to("out", recorder.sink("out"));

    var run = pipeline.start(FlinkRunner.fromContext());

    assertThatThrownBy(() -> run.awaitCompletion(Duration.ofSeconds(60)))
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'in'").hasMessageContaining("disk gone");
    assertThat(run.report()).hasValueSatisfying(r ->
        assertThat(r.outcome()).isEqualTo(PipelineReport.Outcome.FAILED));
  }
}
