package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Edge;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageOptions;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.FlowCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Stopping a graph run (close, cancel) and watching one (metrics), on the local runner. */
class GraphStopTest {

  @Test
  void closeDrainsEveryBranchOfALiveGraph() throws Exception {
    RecordingSink<Long> saved = new RecordingSink<>();
    RecordingSink<Long> copied = new RecordingSink<>();
    Pipeline<Long> pipeline = Pipeline.live("ticks", Long.class)
        .stage("tag", (Long x, Emitter<Long> out) -> out.emit(x))
        .alsoTo(b -> b.map("copy", x -> x).to("copies", copied, Dispatch.batched(64)))
        .to("save", saved, Dispatch.batched(64));
    RunningPipeline<Long> run = pipeline.start();
    LivePusher pusher = new LivePusher(run.input());
    await().atMost(Duration.ofSeconds(10)).until(() -> copied.records().size() > 10_000);

    run.close();
    pusher.join();

    List<Long> all = LongStream.range(0, pusher.accepted.get()).boxed().toList();
    assertThat(pusher.rejected).isTrue();
    assertThat(saved.records()).isEqualTo(all);
    assertThat(copied.records()).isEqualTo(all);
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    for (RecordingSink<Long> sink : List.of(saved, copied)) {
      assertThat(sink.batches()).extracting(RecordingSink.Batch::reason)
          .doesNotContain(FlushReason.END_OF_STREAM, FlushReason.TIME);
    }
    assertThat(report.stages()).allSatisfy(stage -> assertThat(stage.stranded()).isZero());
    assertThat(report.stage("tag").emittedByPort()).containsEntry("out", pusher.accepted.get());
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void cancelCountsWhatItStrandsOnEveryEdge() throws Exception {
    AtomicLong next = new AtomicLong();
    Source<Long> endless = out -> {
      out.emit(next.getAndIncrement());
      return true;
    };
    Sink<Long> slow = record -> {
      for (int i = 0; i < 2_000; i++) {
        Thread.onSpinWait(); // the rings before the sinks fill up
      }
    };
    RecordingSink<Long> side = new RecordingSink<>();
    StageOptions small = StageOptions.defaults().withRingSize(64);
    Pipeline<Long> pipeline = Pipeline.named("cancelled").from("read", endless)
        .map("plus", x -> x + 1).ownThread().withRingSize(64)
        .divertTo("odd", x -> x % 2 == 1, "odds", side)
        .alsoTo("slow", slow, small)
        .to("slower", slow, StageOptions.defaults().withRingSize(64)
            .withDispatch(Dispatch.batched(10)));
    RunningPipeline<Long> run = pipeline.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> run.metrics().stage("slow").received()
        > 1_000);

    run.cancel();
    PipelineReport report = run.report().isPresent() ? run.report().get()
        : awaitReport(run);

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(FlowCheck.breaches(pipeline, report.stages())).isEmpty();
    long stranded = report.stages().stream().mapToLong(StageReport::stranded).sum();
    assertThat(stranded).as("records left in the full rings").isPositive();
    for (Edge edge : pipeline.edges()) {
      StageReport to = report.stage(edge.to());
      assertThat(to.receivedByInput().get(edge.from().toString())).as("%s", edge)
          .isEqualTo(report.stage(edge.from().stage()).emittedByPort().get(edge.from().name()));
    }
    for (StageReport stage : report.stages().subList(1, report.stages().size())) {
      assertThat(stage.received()).as(stage.name()).isEqualTo(stage.passedOn()
          + stage.filtered() + stage.skipped() + stage.deadLettered() + stage.failed()
          + stage.stranded());
      assertThat(stage.failed()).isZero();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> SluiceThreads.alive().isEmpty());
  }

  private static PipelineReport awaitReport(RunningPipeline<Long> run) {
    await().atMost(Duration.ofSeconds(10)).until(() -> run.report().isPresent());
    return run.report().orElseThrow();
  }

  @Test
  void metricsNeverShowANodeOfAGraphAheadOfItsInputs() throws Exception {
    AtomicLong next = new AtomicLong();
    Source<Long> endless = out -> {
      out.emit(next.getAndIncrement());
      return true;
    };
    Pipeline<Long> pipeline = Pipeline.named("watched").from("read", endless)
        .map("plus", x -> x + 1).ownThread().withRingSize(256)
        .alsoTo(b -> b.filter("even", x -> x % 2 == 0).ownThread().withRingSize(256)
            .to("evens", x -> { }, StageOptions.defaults().withRingSize(256)))
        .map("twice", x -> 2 * x).ownThread().withRingSize(256)
        .to("save", x -> { }, StageOptions.defaults().withRingSize(256)
            .withDispatch(Dispatch.batched(50, Duration.ofMillis(1))));
    RunningPipeline<Long> run = pipeline.start();
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
    for (PipelineReport snapshot : snapshots) {
      for (Edge edge : pipeline.edges()) { // every edge here leaves a node by its main output
        StageReport from = snapshot.stage(edge.from().stage());
        StageReport to = snapshot.stage(edge.to());
        assertThat(to.received()).as("%s receives no more than %s emitted", edge.to(),
            from.name()).isLessThanOrEqualTo(from.emitted());
        assertThat(to.backlog()).as("backlog of %s", to.name())
            .isEqualTo(from.emitted() - to.received());
      }
    }
  }

  @Test
  void aQuietGraphShowsNoBacklogBehindARouter() throws Exception {
    RecordingSink<Integer> kept = new RecordingSink<>();
    RecordingSink<Integer> diverted = new RecordingSink<>();
    RunningPipeline<Integer> run = Pipeline.live("in", Integer.class)
        .divertTo("route", x -> x % 3 == 0, "threes", diverted)
        .to("rest", kept).start();
    for (int i = 1; i <= 30; i++) {
      run.input().push(i);
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> kept.records().size() == 20 && diverted.records().size() == 10);

    PipelineReport quiet = run.metrics();
    run.close();

    assertThat(quiet.stages()).allSatisfy(stage -> assertThat(stage.backlog())
        .as("backlog of %s once everything arrived", stage.name()).isZero());
  }
}
