package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Async;
import io.sluice.api.Checkpoint;
import io.sluice.api.Emitter;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageContext;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A checkpoint barrier that cannot leave a parallel or async stage (the first record's call hangs,
 * or its worker is blocked) while the run is cancelled, closed with a deadline, or drained once
 * the call is let go: the run always ends, with no thread left, balanced counts, and no checkpoint
 * saved past the record that never reached its fate.
 */
class BarrierStuckInsideTest {
  private static final int RECORDS = 40;

  /** Stuck record 0, one way per shape; the test lets it go with {@link #letGo}. */
  enum Shape {
    ASYNC_ORDERED, ASYNC_UNORDERED, PARALLEL_ORDERED, PARALLEL_UNORDERED, PARALLEL_KEYED
  }

  private final CompletableFuture<Long> hung = new CompletableFuture<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch stuck = new CountDownLatch(1);
  private final IdleAfter source = new IdleAfter(RECORDS);
  private final CheckingStore store = new CheckingStore(cp -> List.of());

  @AfterEach
  void noThreadLeft() {
    release.countDown();
    hung.complete(0L);
    await().atMost(Duration.ofSeconds(10)).until(() -> SluiceThreads.alive().stream()
        .noneMatch(name -> name.startsWith("sluice-stuck")));
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aCancelWhileTheBarrierIsStuckEndsTheRunWithoutSavingIt(Shape shape) throws Exception {
    RunningPipeline<Long> run = start(shape);
    PipelineReport report;
    try {
      awaitBarrierBehindEveryRecord();
    } finally {
      run.cancel();
      report = run.awaitCompletion();
    }

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertNothingSavedPastTheStuckRecord();
    assertBalanced(report);
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aCloseWithADeadlineWhileTheBarrierIsStuckCancelsAndEnds(Shape shape) throws Exception {
    RunningPipeline<Long> run = start(shape);
    PipelineReport report;
    try {
      awaitBarrierBehindEveryRecord();
    } finally {
      report = run.close(Duration.ofMillis(100));
    }

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertNothingSavedPastTheStuckRecord();
    assertBalanced(report);
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aDrainWaitsForTheStuckRecordThenSavesEverything(Shape shape) throws Exception {
    RunningPipeline<Long> run = start(shape);
    CompletableFuture<PipelineReport> closed;
    try {
      awaitBarrierBehindEveryRecord();
      closed = CompletableFuture.supplyAsync(() -> run.close(Duration.ofMinutes(1)));
      letGo();
    } catch (Throwable e) {
      run.cancel();
      throw e;
    }
    PipelineReport report = closed.get();

    assertThat(report.outcome()).isIn(Outcome.DRAINED, Outcome.COMPLETED);
    assertThat(store.load().orElseThrow().positions()).containsEntry("numbers",
        Long.toString(RECORDS));
    assertThat(report.stage("save").received()).isEqualTo(RECORDS);
    assertBalanced(report);
  }

  private RunningPipeline<Long> start(Shape shape) {
    PipelineBuilder<Long, Long> read = Pipeline.named("stuck").from("numbers", () -> source);
    PipelineBuilder<Long, Long> through = switch (shape) {
      case ASYNC_ORDERED -> read.mapAsync("work", this::call, Async.ordered(8));
      case ASYNC_UNORDERED -> read.mapAsync("work", this::call, Async.unordered(8));
      case PARALLEL_ORDERED -> read.map("work", blocking()).parallel(Parallelism.ordered(3));
      case PARALLEL_UNORDERED -> read.map("work", blocking()).parallel(Parallelism.unordered(3));
      case PARALLEL_KEYED -> read.map("work", blocking())
          .parallel(Parallelism.keyed(3, (Long n) -> n % 5));
    };
    return through.to("save", new RecordingSink<Long>())
        .withCheckpoints(store, Duration.ofMillis(1)).start();
  }

  private CompletableFuture<Long> call(Long n) {
    if (n == 0) {
      stuck.countDown();
      return hung;
    }
    return CompletableFuture.completedFuture(n);
  }

  private Function<Long, Long> blocking() {
    return n -> {
      if (n == 0) {
        stuck.countDown();
        try {
          release.await(); // a cancel interrupts it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return n;
    };
  }

  private void letGo() {
    release.countDown();
    hung.complete(0L);
  }

  /** Every record was read and the source was asked its position twice since: a barrier is in. */
  private void awaitBarrierBehindEveryRecord() throws InterruptedException {
    stuck.await();
    await().atMost(Duration.ofSeconds(30)).until(() -> source.positionsAfterEnd.get() >= 2);
  }

  private void assertNothingSavedPastTheStuckRecord() {
    assertThat(store.saves).allSatisfy((Checkpoint cp) ->
        assertThat(cp.positions().getOrDefault("numbers", "0")).isEqualTo("0"));
  }

  private static void assertBalanced(PipelineReport report) {
    assertThat(report.accountingBreaches()).isEmpty();
    for (StageReport stage : report.stages()) {
      assertThat(stage.unaccounted()).as(stage.name()).isZero();
    }
  }

  /** Emits 0..count-1, then nothing (without ending), counting positions asked after that. */
  static final class IdleAfter implements ResumableSource<Long> {
    private final long count;
    private long next;
    final AtomicInteger positionsAfterEnd = new AtomicInteger();

    IdleAfter(long count) {
      this.count = count;
    }

    @Override
    public void open(StageContext context) {
      next = 0;
    }

    @Override
    public void openAt(StageContext context, String position) {
      next = Long.parseLong(position);
    }

    @Override
    public String position() {
      if (next == count) {
        positionsAfterEnd.incrementAndGet();
      }
      return Long.toString(next);
    }

    @Override
    public boolean poll(Emitter<Long> out) {
      if (next < count) {
        out.emit(next++);
      }
      return true;
    }
  }
}
