package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Async;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The stop contract with parallel and async stages: drain, cancel, fail fast; accounts balance. */
class ParallelStopTest {
  /** Blocks on a latch the test opens: a stage stuck in a call. */
  static final class Gated implements Stage<Long, Long> {
    static final CountDownLatch GATE = new CountDownLatch(1);

    @Override
    public void process(Long record, Emitter<Long> out) throws InterruptedException {
      if (record > 100) {
        GATE.await();
      }
      out.emit(record);
    }
  }

  @Test
  void aCancelStopsEveryWorkerAndTheAccountsStillBalance() throws Exception {
    AtomicLong produced = new AtomicLong();
    Source<Long> endless = out -> {
      for (int i = 0; i < 64; i++) {
        out.emit(produced.getAndIncrement());
      }
      return true;
    };
    RunningPipeline<Long> run = Pipeline.named("cancel").from("read", endless)
        .stage("gated", Gated::new, Dispatch.batched(8)).parallel(Parallelism.ordered(3))
        .to("save", record -> { })
        .start();
    await().atMost(Duration.ofSeconds(20)).until(() -> produced.get() > 2_000); // rings filling

    run.cancel();
    PipelineReport report = run.awaitCompletion();

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.accountingBreaches()).isEmpty();
    for (StageReport stage : report.stages()) {
      assertThat(stage.unaccounted()).as(stage.name()).isZero();
    }
    assertThat(report.stage("gated").stranded()).isPositive();
    assertThat(report.stages().get(0).received()).isEqualTo(produced.get());
    assertThat(SluiceThreads.alive()).noneMatch(name -> name.startsWith("sluice-cancel"));
  }

  @Test
  void closingALiveRunDrainsEveryAcceptedRecordThroughTheWorkers() throws Exception {
    List<Long> saved = new CopyOnWriteArrayList<>();
    RunningPipeline<Long> run = Pipeline.named("drain").live("in", Long.class)
        .map("double", (Long x) -> x * 2).withDispatch(Dispatch.batched(5, Duration.ofHours(1)))
        .parallel(Parallelism.ordered(4))
        .mapAsync("lookup", (Long x) -> CompletableFuture.supplyAsync(() -> x + 1),
            Async.unordered(8))
        .to("save", saved::add)
        .start();
    for (long i = 0; i < 1_003; i++) {
      run.input().push(i);
    }
    run.close();
    PipelineReport report = run.report().orElseThrow();

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(saved).hasSize(1_003).doesNotHaveDuplicates();
    assertThat(report.stage("double").batches(FlushReason.DRAIN)).isPositive();
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).noneMatch(name -> name.startsWith("sluice-drain"));
  }

  @Test
  void aFailingWorkerFailsTheRunNamingItsRecordAndWhatWasPassedOnIsDelivered() {
    List<Integer> saved = new CopyOnWriteArrayList<>();
    Pipeline<Integer> job = Pipeline.named("fail").from("read", Source.of(1, 2, 3, 4, 5, 6, 7, 8))
        .map("check", (Integer i) -> {
          if (i == 5) {
            throw new IllegalStateException("bad " + i);
          }
          return i;
        }).parallel(Parallelism.unordered(2))
        .to("save", saved::add);
    RunningPipeline<Integer> run = job.start();

    assertThatThrownBy(run::awaitCompletion).isInstanceOfSatisfying(StageFailedException.class,
        e -> {
          assertThat(e.stageName()).isEqualTo("check");
          assertThat(e.record()).contains(5);
        });
    PipelineReport report = run.report().orElseThrow();
    assertThat(report.stage("check").failed()).isEqualTo(1);
    assertThat(saved).doesNotContain(5).isSubsetOf(1, 2, 3, 4, 6, 7, 8);
    assertThat(report.accountingBreaches()).isEmpty();
  }
}
