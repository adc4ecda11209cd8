package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A parallel stage's worker stuck past the close deadline: named, given up on, counts balance. */
class ParallelAbandonTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(300);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStuckThreads() {
    release.countDown();
    await().atMost(PATIENCE).until(() -> SluiceThreads.alive().isEmpty());
  }

  /** Blocks, ignoring interrupts, until the test releases it (at most 20 s). */
  private void blockUninterruptibly() {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (release.getCount() > 0 && System.nanoTime() < until) {
      LockSupport.parkNanos(1_000_000L); // an interrupt wakes it; it parks again
    }
  }

  @ParameterizedTest(name = "ordered={0}")
  @ValueSource(booleans = {true, false})
  void closeGivesUpOnAStuckWorkerNamingItsThreadAndTheCountsBalance(boolean ordered) {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicLong next = new AtomicLong();
    Source<Long> endless = out -> {
      out.emit(next.getAndIncrement());
      return true;
    };
    RunningPipeline<Long> run = Pipeline.named("stuckpar").from("in", endless)
        .stage("hang", () -> (Long x, Emitter<Long> out) -> {
          if (x == 100) {
            entered.countDown();
            blockUninterruptibly();
          }
          out.emit(x);
        }).parallel(ordered ? io.sluice.api.Parallelism.ordered(2)
            : io.sluice.api.Parallelism.unordered(2))
        .to("out", new RecordingSink<>()).start();
    await().atMost(PATIENCE).until(() -> entered.getCount() == 0);

    long start = System.nanoTime();
    PipelineReport report = run.close(SHORT);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(tookMillis).as("close(300 ms) took %d ms", tookMillis)
        .isLessThan(PATIENCE.toMillis() / 2);
    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.abandonedThreads()).singleElement().satisfies(thread -> {
      assertThat(thread.stages()).containsExactly("hang");
      assertThat(thread.threadName()).matches("sluice-stuckpar-hang#[12]");
      assertThat(thread.stuckIn()).contains("blockUninterruptibly");
    });
    assertThat(report.stage("hang").stranded()).isGreaterThanOrEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(run.isDone()).isTrue();
  }
}
