package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Fusion;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageOptions;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Stages fused onto one thread: where they run, their lifecycle, failures, drain and cancel. */
class FusionTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Passes records on and remembers on which threads it was opened, called and closed. */
  static final class Probe implements Stage<Integer, Integer> {
    final List<String> lifecycle = new CopyOnWriteArrayList<>();
    final Set<String> callThreads = ConcurrentHashMap.newKeySet();
    private final boolean failOpen;

    Probe() {
      this(false);
    }

    Probe(boolean failOpen) {
      this.failOpen = failOpen;
    }

    @Override
    public void open(StageContext context) {
      lifecycle.add("open on " + Thread.currentThread().getName());
      if (failOpen) {
        throw new IllegalStateException("cannot open " + context.stageName());
      }
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      callThreads.add(Thread.currentThread().getName());
      out.emit(record);
    }

    @Override
    public void close() {
      lifecycle.add("close on " + Thread.currentThread().getName());
    }
  }

  @Test
  void fusedStagesShareAThreadWhereEachIsOpenedAndClosedOnce() throws Exception {
    Probe a = new Probe();
    Probe c = new Probe();
    Set<String> mapThreads = ConcurrentHashMap.newKeySet();
    RecordingSink<Integer> sink = new RecordingSink<>();
    List<Integer> input = IntStream.range(0, 10_000).boxed().toList();
    PipelineReport report = Pipeline.named("p").from("read", Source.fromIterable(input))
        .stage("a", a).fused()                         // explicitly onto the source's thread
        .map("b", x -> {                               // a per-record map: fused by default
          mapThreads.add(Thread.currentThread().getName());
          return x + 1;
        })
        .stage("c", c)                                 // a user stage: a thread of its own
        .filter("d", x -> x % 2 == 0)                  // fused onto c's thread
        .to("save", sink, Dispatch.batched(100))
        .run();

    assertThat(a.lifecycle)
        .containsExactly("open on sluice-p-read+a+b", "close on sluice-p-read+a+b");
    assertThat(a.callThreads).containsExactly("sluice-p-read+a+b");
    assertThat(mapThreads).containsExactly("sluice-p-read+a+b");
    assertThat(c.lifecycle).containsExactly("open on sluice-p-c+d", "close on sluice-p-c+d");
    assertThat(c.callThreads).containsExactly("sluice-p-c+d");
    assertThat(sink.openThread).isEqualTo("sluice-p-save");
    assertThat(sink.opens).isEqualTo(1);
    assertThat(sink.closes).isEqualTo(1);
    assertThat(sink.records()).isEqualTo(
        input.stream().map(x -> x + 1).filter(x -> x % 2 == 0).toList());
    assertThat(report.stages()).extracting(StageReport::name, StageReport::received)
        .containsExactly(tuple("read", 10_000L),
            tuple("a", 10_000L),
            tuple("b", 10_000L),
            tuple("c", 10_000L),
            tuple("d", 10_000L),
            tuple("save", 5_000L));
    assertThat(report.stage("d").filtered()).isEqualTo(5_000);
    assertThat(report.stage("save").batchesByReason()).containsEntry(FlushReason.SIZE, 50L);
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aWholePipelineCanRunOnTheSourceThread() throws Exception {
    Probe probe = new Probe();
    RecordingSink<Integer> sink = new RecordingSink<>();
    PipelineReport report = Pipeline.named("one").from("read", Source.of(1, 2, 3, 4, 5))
        .stage("probe", probe).fused()
        .to("save", sink, StageOptions.defaults().withDispatch(Dispatch.batched(2))
            .withFusion(Fusion.FUSED))
        .run();

    assertThat(sink.openThread).isEqualTo("sluice-one-read+probe+save");
    assertThat(sink.closeThread).isEqualTo("sluice-one-read+probe+save");
    assertThat(sink.records()).containsExactly(1, 2, 3, 4, 5);
    assertThat(sink.batches()).containsExactly(new RecordingSink.Batch(2, FlushReason.SIZE),
        new RecordingSink.Batch(2, FlushReason.SIZE),
        new RecordingSink.Batch(1, FlushReason.END_OF_STREAM));
    assertThat(report.stage("save").received()).isEqualTo(5);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aFailureInAFusedStageNamesItStrandsWhatReachesItLaterAndDeliversWhatItPassedOn() {
    RecordingSink<Integer> sink = new RecordingSink<>();
    RunningPipeline<Integer> run = Pipeline.named("p")
        .from("read", Source.fromIterable(IntStream.range(0, 1_000).boxed().toList()))
        .map("same", x -> x)
        .map("check", x -> {
          if (x == 500) {
            throw new IllegalArgumentException("bad " + x);
          }
          return x;
        })
        .to("save", sink)
        .start();
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        run::awaitCompletion);
    PipelineReport report = run.report().orElseThrow();

    assertThat(failure.stageName()).isEqualTo("check");
    assertThat(failure.record()).contains(500);
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    long read = report.stage("read").emitted(); // the source stops at its next poll
    assertThat(read).isBetween(501L, 1_000L);
    StageReport same = report.stage("same");
    assertThat(List.of(same.received(), same.passedOn(), same.stranded()))
        .containsExactly(read, read, 0L); // the failure stays in the stage that failed
    StageReport check = report.stage("check");
    assertThat(List.of(check.received(), check.passedOn(), check.failed(), check.stranded()))
        .containsExactly(read, 500L, 1L, read - 501);
    StageReport save = report.stage("save");
    assertThat(List.of(save.received(), save.passedOn(), save.stranded()))
        .containsExactly(500L, 500L, 0L); // what 'check' passed on is delivered
    assertThat(sink.records()).isEqualTo(IntStream.range(0, 500).boxed().toList());
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void whenAFusedStageCannotOpenTheRunFailsAndEveryStageOnItsThreadIsClosed() {
    Probe before = new Probe();
    Probe broken = new Probe(true);
    Probe after = new Probe();
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> Pipeline.named("p").from("read", Source.of(1, 2, 3))
            .stage("before", before).fused()
            .stage("broken", broken).fused()
            .stage("after", after).fused()
            .to("save", r -> { })
            .run());

    assertThat(failure.stageName()).isEqualTo("broken");
    String thread = "sluice-p-read+before+broken+after";
    assertThat(before.lifecycle).containsExactly("open on " + thread, "close on " + thread);
    assertThat(broken.lifecycle).containsExactly("open on " + thread, "close on " + thread);
    assertThat(after.lifecycle).containsExactly("open on " + thread, "close on " + thread);
    assertThat(after.callThreads).isEmpty(); // 'broken' strands what reaches it
    assertThat(broken.callThreads).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aBatchedStageFusedOntoTheSourceThreadIsFlushedWhenItsTimeComes() throws Exception {
    ManualClock clock = new ManualClock();
    QueueSource<String> source = new QueueSource<>();
    RecordingSink<String> sink = new RecordingSink<>();
    try (RunningPipeline<String> run = Pipeline.named("timed").from("in", source)
        .to("save", sink, StageOptions.defaults()
            .withDispatch(Dispatch.batched(100, Duration.ofMillis(50))).withFusion(Fusion.FUSED))
        .withClock(clock).start()) {
      source.offer("a", "b", "c");
      await().atMost(PATIENCE).until(() -> clock.reads() > 0); // the batch has started
      clock.advance(Duration.ofMillis(49));
      // the source thread keeps reading the clock; a flush before 50 ms would show up here
      await().during(Duration.ofMillis(100)).atMost(PATIENCE).until(() -> sink.batches().isEmpty());

      clock.advance(Duration.ofMillis(1));
      await().atMost(PATIENCE).until(() -> sink.batches().size() == 1);
      assertThat(sink.batches()).containsExactly(new RecordingSink.Batch(3, FlushReason.TIME));
      assertThat(sink.openThread).isEqualTo("sluice-timed-in+save");
      source.offer("d");
      source.end();
      run.awaitCompletion();
    }
    assertThat(sink.records()).containsExactly("a", "b", "c", "d");
    assertThat(sink.batches()).last()
        .isEqualTo(new RecordingSink.Batch(1, FlushReason.END_OF_STREAM));
  }

  @Test
  void closeDrainsStagesFusedOntoTheSourceThreadFlushingTheirBatchesWithReasonDrain()
      throws Exception {
    AtomicLong emitted = new AtomicLong();
    Source<Long> feed = out -> { // 10,001 records, then nothing more until closed
      if (emitted.get() < 10_001) {
        out.emit(emitted.getAndIncrement());
      }
      return true;
    };
    RecordingSink<Long> sink = new RecordingSink<>();
    RunningPipeline<Long> run = Pipeline.named("p").from("feed", feed)
        .map("same", x -> x).withDispatch(Dispatch.batched(1_000)).fused()
        .to("save", sink, StageOptions.defaults().withDispatch(Dispatch.batched(300))
            .withFusion(Fusion.FUSED))
        .start();
    // same holds record 10,000 in its batch, save the 100 records after 9,900 in its own
    await().atMost(PATIENCE).until(() -> sink.records().size() == 9_900);

    run.close();

    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(sink.records()).isEqualTo(LongStream.range(0, 10_001).boxed().toList());
    assertThat(report.stage("same").batchesByReason())
        .containsEntry(FlushReason.SIZE, 10L).containsEntry(FlushReason.DRAIN, 1L);
    assertThat(sink.batches()).last().isEqualTo(new RecordingSink.Batch(101, FlushReason.DRAIN));
    assertThat(report.stages()).allSatisfy(s -> assertThat(s.stranded()).isZero());
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void closeDrainsALiveStreamThroughFusedStages() throws Exception {
    RecordingSink<Long> sink = new RecordingSink<>();
    RunningPipeline<Long> run = Pipeline.live("ticks", Long.class)
        .map("plus", x -> x + 0)                       // its own thread: after a live input
        .map("same", x -> x)                           // fused onto plus's thread
        .stage("batch", (Long x, Emitter<Long> out) -> out.emit(x), Dispatch.batched(64))
        .fused()
        .to("save", sink, Dispatch.batched(100))
        .start();
    LivePusher pusher = new LivePusher(run.input());
    AtomicLong accepted = pusher.accepted;
    AtomicBoolean rejected = pusher.rejected;
    await().atMost(PATIENCE).until(() -> accepted.get() > 20_000);

    run.close();
    pusher.join();

    assertThat(rejected).isTrue();
    assertThat(sink.records()).isEqualTo(LongStream.range(0, accepted.get()).boxed().toList());
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(report.stage("batch").received()).isEqualTo(accepted.get());
    assertThat(report.stages()).allSatisfy(s -> assertThat(s.stranded()).isZero());
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void closeWithADeadlineCancelsAStageStuckOnTheSourceThreadAndCountsWhatWasStranded() {
    ManualClock clock = new ManualClock(); // never advanced: the sink's retry never comes
    RecordingSink<Integer> written = new RecordingSink<>();
    RunningPipeline<Integer> run = Pipeline.named("p").from("read", Source.fromIterable(
            IntStream.range(0, 1_000).boxed().toList()))
        .map("same", x -> x)
        .to("save", record -> {
          if (record == 5) {
            throw new IllegalStateException("database down");
          }
          written.write(record);
        }, StageOptions.defaults().withFusion(Fusion.FUSED)
            .withErrorPolicy(ErrorPolicy.retry(2, Duration.ofHours(1), Duration.ofHours(1))))
        .withClock(clock).start();
    await().atMost(PATIENCE).until(() -> written.records().size() == 5);

    PipelineReport report = run.close(Duration.ofMillis(200));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.stage("read").emitted()).isEqualTo(6);
    for (String stage : List.of("same", "save")) { // record 5 was in both when the stop came
      StageReport counts = report.stage(stage);
      assertThat(List.of(counts.received(), counts.passedOn(), counts.stranded()))
          .as(stage).containsExactly(6L, 5L, 1L);
    }
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void cancelAccountsForEveryRecordAcrossFusedGroups() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicLong written = new AtomicLong();
    Source<Integer> endless = out -> {
      for (int i = 0; i < 100; i++) {
        out.emit(i);
      }
      return true;
    };
    RunningPipeline<Integer> run = Pipeline.named("p").from("read", endless)
        .map("a", x -> x).withRingSize(64)             // fused: its ring size is unused
        .filter("b", x -> x % 3 != 0)
        .stage("c", (Integer x, Emitter<Integer> out) -> out.emit(x), Dispatch.batched(10))
        .withRingSize(64)
        .map("d", x -> x)
        .to("save", x -> {
          entered.countDown();
          gate.await();
          written.incrementAndGet();
        }, StageOptions.defaults().withRingSize(64))
        .start();
    // the sink holds one record; the other 66 that passed b in the first poll wait upstream
    entered.await();

    run.cancel();
    gate.countDown();
    PipelineReport report = run.awaitCompletion();

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.accountingBreaches()).isEmpty();
    List<StageReport> stages = report.stages();
    for (int i = 1; i < stages.size(); i++) {
      StageReport stage = stages.get(i);
      assertThat(stage.passedOn() + stage.filtered() + stage.stranded())
          .as("fates at %s", stage.name()).isEqualTo(stage.received());
      assertThat(stage.received()).as("edge into %s", stage.name())
          .isEqualTo(stages.get(i - 1).emitted());
    }
    assertThat(report.stage("save").passedOn()).isEqualTo(written.get());
    assertThat(stages.stream().mapToLong(StageReport::stranded).sum()).isPositive();
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
