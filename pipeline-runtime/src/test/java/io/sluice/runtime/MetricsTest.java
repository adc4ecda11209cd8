package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Distribution;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Per-stage metrics: exact for a known run, consistent while running, timing can be off. */
class MetricsTest {

  @Test
  void metricValuesAreExactForAKnownRun() throws Exception {
    List<Integer> input = IntStream.range(0, 1_000).boxed().toList();
    PipelineReport report = Pipeline.named("known").from("read", Source.fromIterable(input))
        .filter("even", x -> x % 2 == 0).ownThread() // timed per record as the head of a thread
        .map("half", x -> x / 2).withDispatch(Dispatch.batched(7))
        .to("save", x -> { }, Dispatch.batched(100))
        .run();

    assertThat(report.stage("read").emitted()).isEqualTo(1000);
    StageReport even = report.stage("even");
    assertThat(even.received()).isEqualTo(1000);
    assertThat(even.emitted()).isEqualTo(500);
    assertThat(even.filtered()).isEqualTo(500);
    assertThat(even.batchSizes()).isEqualTo(Distribution.empty());
    assertThat(even.processingNanos().count()).as("per-record time, one value per record")
        .isEqualTo(1000);

    StageReport half = report.stage("half");
    assertThat(half.batchesByReason()).containsOnly(
        java.util.Map.entry(FlushReason.SIZE, 71L), java.util.Map.entry(FlushReason.END_OF_STREAM,
            1L));
    assertThat(half.batchSizes().count()).isEqualTo(72);
    assertThat(half.batchSizes().min()).isEqualTo(3); // 500 = 71 × 7 + 3
    assertThat(half.batchSizes().max()).isEqualTo(7);
    assertThat(half.batchSizes().p50()).isEqualTo(7);
    assertThat(half.batchSizes().mean()).isEqualTo(500.0 / 72);
    assertThat(half.processingNanos().count()).as("one time per batch").isEqualTo(72);

    StageReport save = report.stage("save");
    assertThat(save.batches(FlushReason.SIZE)).isEqualTo(5);
    assertThat(save.batchSizes().count()).isEqualTo(5);
    assertThat(save.batchSizes().min()).isEqualTo(100);
    assertThat(save.batchSizes().max()).isEqualTo(100);
    assertThat(report.stages().subList(1, 4)).allSatisfy(stage -> {
      assertThat(stage.backlog()).isZero();
      assertThat(stage.busyNanos() + stage.idleNanos()).isPositive();
      assertThat(stage.utilisation()).isBetween(0.0, 1.0);
    });
  }

  @Test
  void withoutTimingCountsAndBatchSizesRemainAndNoTimeIsMeasured() throws Exception {
    PipelineReport report = Pipeline.from("read", Source.of(1, 2, 3, 4, 5))
        .to("save", x -> { }, Dispatch.batched(2))
        .start(LocalRunner.create().withTiming(false)).awaitCompletion();
    StageReport save = report.stage("save");
    assertThat(save.received()).isEqualTo(5);
    assertThat(save.batchSizes().count()).isEqualTo(3);
    assertThat(save.processingNanos()).isEqualTo(Distribution.empty());
    assertThat(save.busyNanos()).isZero();
    assertThat(save.idleNanos()).isZero();
  }

  @Test
  void aSnapshotTakenWhileRunningIsConsistent() throws Exception {
    AtomicLong next = new AtomicLong();
    Source<Long> endless = out -> {
      for (int i = 0; i < 64; i++) {
        out.emit(next.getAndIncrement());
      }
      return true;
    };
    RunningPipeline<Long> run = Pipeline.named("live").from("read", endless)
        .filter("odd", x -> x % 2 == 1).withRingSize(256)
        .flatMap("twice", x -> List.of(x, x)).withRingSize(256)
        .map("plus", x -> x + 1).withDispatch(Dispatch.batched(50, Duration.ofMillis(1)))
        .to("save", x -> { }, io.sluice.api.StageOptions.defaults().withRingSize(256)).start();
    List<PipelineReport> snapshots = new ArrayList<>();
    try {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> run.metrics().stage("save").received() > 0);
      for (int i = 0; i < 2_000; i++) { // as fast as possible, while records flow
        snapshots.add(run.metrics());
      }
    } finally {
      run.close();
    }
    PipelineReport previous = null;
    for (PipelineReport snapshot : snapshots) {
      assertThat(snapshot.outcome()).isEqualTo(PipelineReport.Outcome.RUNNING);
      List<StageReport> stages = snapshot.stages();
      for (int i = 1; i < stages.size(); i++) {
        StageReport stage = stages.get(i);
        StageReport before = stages.get(i - 1);
        assertThat(stage.received()).as("%s receives no more than %s emitted", stage.name(),
            before.name()).isLessThanOrEqualTo(before.emitted());
        assertThat(stage.backlog()).isEqualTo(before.emitted() - stage.received());
        assertThat(stage.passedOn() + stage.filtered() + stage.skipped() + stage.deadLettered()
            + stage.failed()).as("%s settles no more than it received", stage.name())
            .isLessThanOrEqualTo(stage.received());
      }
      assertThat(snapshot.stage("odd").emitted()).isLessThanOrEqualTo(
          snapshot.stage("odd").received());
      assertThat(snapshot.stage("plus").emitted()).isLessThanOrEqualTo(
          snapshot.stage("plus").received());
      if (previous != null) {
        for (int i = 0; i < stages.size(); i++) {
          assertThat(stages.get(i).received()).as("counts never go back")
              .isGreaterThanOrEqualTo(previous.stages().get(i).received());
        }
      }
      previous = snapshot;
    }
    assertThat(snapshots.get(snapshots.size() - 1).stage("save").received()).isPositive();
    PipelineReport end = run.metrics();
    assertThat(end.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(end.stage("save").received()).isEqualTo(end.stage("plus").emitted());
  }

  @Test
  void aRunningPipelineDescribesItselfWithLiveCounts() throws Exception {
    QueueSource<Integer> source = new QueueSource<>();
    try (RunningPipeline<Integer> run = Pipeline.named("pic").from("read", source)
        .map("twice", x -> x * 2).to("save", x -> { }, Dispatch.batched(2)).start()) {
      source.offer(1, 2, 3);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> run.metrics().stage("save").received() == 3);
      assertThat(run.describe()).contains("pipeline pic (3 stages, 2 threads) RUNNING")
          .containsPattern("twice +map +perRecord\\(\\) +thread 1 +fused +in 3 out 3")
          .containsPattern("save +sink +batched\\(2\\) +thread 2 +ring 4096 +in 3 out 0 "
              + "batches \\{SIZE=1}");
      assertThat(run.pipeline().describeMermaid(run.metrics()))
          .startsWith("flowchart LR\n")
          .contains("s1[\"twice<br/>map<br/>perRecord()<br/>in 3 / out 3\"]")
          .contains("s0 --> s1");
      source.end();
    }
  }

  @Test
  void theBlueprintDescribesAFinishedRunFromItsReport() throws Exception {
    Pipeline<Integer> job = Pipeline.named("pic").from("read", Source.of(1, 2, 3))
        .map("twice", x -> x * 2).to("save", x -> { }, Dispatch.batched(2));
    PipelineReport report = job.run();

    assertThat(job.describe(report)).contains("pipeline pic (3 stages, 2 threads) COMPLETED")
        .containsPattern("twice +map +perRecord\\(\\) +thread 1 +fused +in 3 out 3")
        .containsPattern("save +sink +batched\\(2\\) +thread 2 +ring 4096 +in 3 out 0 "
            + "batches \\{SIZE=1, END_OF_STREAM=1}");
    PipelineReport other = Pipeline.from("x", Source.of(1)).to("y", x -> { }).run();
    assertThatThrownBy(() -> job.describe(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read");
  }

  @Test
  void aTimeFlushWhileInputPausesShowsInTheNextSnapshot() throws Exception {
    ManualClock clock = new ManualClock();
    QueueSource<Integer> source = new QueueSource<>();
    try (RunningPipeline<Integer> run = Pipeline.from("in", source)
        .to("save", x -> { }, Dispatch.batched(100, Duration.ofMillis(20)))
        .withClock(clock).start()) {
      source.offer(1, 2, 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> clock.reads() > 0);
      clock.advance(Duration.ofMillis(20));
      // nothing more arrives: the sink's thread flushes on TIME while idle and must publish that
      await().atMost(Duration.ofSeconds(10))
          .until(() -> run.metrics().stage("save").batches(FlushReason.TIME) == 1);
      StageReport save = run.metrics().stage("save");
      assertThat(save.passedOn()).isEqualTo(3);
      assertThat(save.batchSizes().count()).isEqualTo(1);
      assertThat(save.busyNanos()).as("the flush counts as work").isPositive();
      source.end();
    }
  }
}
