package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stop contract: cancel and close(Duration) interrupt the run's threads, give up on a thread
 * (a stage's own or a parallel stage's worker) stuck past the deadline (naming it, counting its records stranded) and return on time; retries
 * watch the stop; close from a stage is a drain request; the threads never keep the JVM alive.
 */
class StopContractTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(300);
  /** Lets the uninterruptible stages of a test go once it is over. */
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

  /** A source of endless numbers. */
  private static Source<Long> endless() {
    AtomicLong next = new AtomicLong();
    return out -> {
      out.emit(next.getAndIncrement());
      return true;
    };
  }

  /** How the stuck stage runs: on its own thread, or as one of two parallel workers. */
  enum StuckStage {
    OWN_THREAD("sluice-stuck-hang"),
    PARALLEL_ORDERED("sluice-stuck-hang#[12]"),
    PARALLEL_UNORDERED("sluice-stuck-hang#[12]");

    final String threadName;

    StuckStage(String threadName) {
      this.threadName = threadName;
    }

    PipelineBuilder<Long, Long> apply(PipelineBuilder<Long, Long> stage) {
      return switch (this) {
        case OWN_THREAD -> stage.ownThread();
        case PARALLEL_ORDERED -> stage.parallel(Parallelism.ordered(2));
        case PARALLEL_UNORDERED -> stage.parallel(Parallelism.unordered(2));
      };
    }
  }

  @ParameterizedTest
  @EnumSource(StuckStage.class)
  void closeWithADeadlineReturnsOnTimeAndNamesAStageStuckInAnUninterruptibleCall(StuckStage how) {
    CountDownLatch entered = new CountDownLatch(1);
    RunningPipeline<Long> run = how.apply(Pipeline.named("stuck").from("in", endless())
        .stage("hang", () -> (Long x, Emitter<Long> out) -> {
          if (x == 100) { // past the first records, so a parallel stage's other worker had some
            entered.countDown();
            blockUninterruptibly();
          }
          out.emit(x);
        }))
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
      assertThat(thread.threadName()).matches(how.threadName);
      assertThat(thread.stuckIn()).contains("blockUninterruptibly");
      assertThat(report.toString()).contains("ABANDONED").contains(thread.threadName());
    });
    assertThat(report.stage("hang").stranded()).isGreaterThanOrEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(run.isDone()).isTrue();
  }

  @Test
  void aSourceStuckInAnUninterruptiblePollIsGivenUpOnAtTheCloseDeadline() {
    CountDownLatch entered = new CountDownLatch(1);
    Source<Long> hanging = out -> {
      out.emit(1L);
      entered.countDown();
      blockUninterruptibly();
      return true;
    };
    RunningPipeline<Long> run = Pipeline.named("stuck-source").from("in", hanging)
        .map("twice", x -> x * 2).ownThread()
        .to("out", new RecordingSink<>()).start();
    await().atMost(PATIENCE).until(() -> entered.getCount() == 0);

    long start = System.nanoTime();
    PipelineReport report = run.close(SHORT);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(tookMillis).as("close(300 ms) took %d ms", tookMillis)
        .isLessThan(PATIENCE.toMillis() / 2);
    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.abandonedThreads()).singleElement()
        .satisfies(thread -> assertThat(thread.stages()).containsExactly("in"));
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void cancelInterruptsAStageBlockedInAnInterruptibleCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    RunningPipeline<Long> run = Pipeline.named("blocked").from("in", endless())
        .stage("wait", (Long x, Emitter<Long> out) -> {
          entered.countDown();
          never.await(); // interruptible
          out.emit(x);
        }).ownThread()
        .to("out", new RecordingSink<>()).start();
    await().atMost(PATIENCE).until(() -> entered.getCount() == 0);

    run.cancel();
    PipelineReport report = run.awaitCompletion(PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.abandonedThreads()).isEmpty();
    assertThat(report.stage("wait").failed()).isZero();
    assertThat(report.stage("wait").stranded()).isGreaterThanOrEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aRetryWithoutBackoffStopsOnCancel() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RunningPipeline<Long> run = Pipeline.named("retry-storm").from("in", endless())
        .stage("call", (Long x, Emitter<Long> out) -> {
          calls.incrementAndGet();
          throw new java.io.IOException("service down");
        }).withErrorPolicy(ErrorPolicy.retry(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO))
        .to("out", new RecordingSink<>()).start();
    await().atMost(PATIENCE).until(() -> calls.get() > 1000);

    run.cancel();
    PipelineReport report = run.awaitCompletion(PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    int after = calls.get();
    assertThat(report.stage("call").failed()).isZero();
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(calls.get()).isEqualTo(after);
  }

  @Test
  void aRetryWithoutBackoffStopsAtTheCloseDeadline() {
    AtomicInteger calls = new AtomicInteger();
    RunningPipeline<Long> run = Pipeline.named("retry-close").from("in", endless())
        .stage("call", (Long x, Emitter<Long> out) -> {
          calls.incrementAndGet();
          throw new java.io.IOException("service down");
        }).withErrorPolicy(ErrorPolicy.retry(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO))
        .to("out", new RecordingSink<>()).start();
    await().atMost(PATIENCE).until(() -> calls.get() > 1000);

    PipelineReport report = run.close(SHORT);

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(report.abandonedThreads()).isEmpty();
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void closeFromAStageIsADrainRequestThatReturns() throws Exception {
    AtomicReference<RunningPipeline<Long>> self = new AtomicReference<>();
    AtomicReference<Throwable> awaitFromInside = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    RecordingSink<Long> sink = new RecordingSink<>();
    Pipeline<Long> pipeline = Pipeline.named("self-close").from("in", endless())
        .stage("closer", (Long x, Emitter<Long> out) -> {
          started.await();
          if (x == 5) {
            try {
              self.get().awaitCompletion();
            } catch (IllegalStateException e) {
              awaitFromInside.set(e);
            }
            self.get().close(); // must return: a drain request
          }
          out.emit(x);
        })
        .to("out", sink);
    self.set(pipeline.start());
    started.countDown();

    PipelineReport report = self.get().awaitCompletion(PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(awaitFromInside.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("self-close").hasMessageContaining("close()");
    assertThat(sink.records()).startsWith(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void closeFromTheStageConsumingALiveInputDrainsIt() throws Exception {
    AtomicReference<RunningPipeline<Integer>> self = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    RecordingSink<Integer> sink = new RecordingSink<>();
    Pipeline<Integer> pipeline = Pipeline.live("live-self-close", Integer.class)
        .stage("closer", (Integer x, Emitter<Integer> out) -> {
          started.await();
          out.emit(x);
          if (x == 3) {
            assertThatThrownBy(() -> self.get().close(SHORT))
                .isInstanceOf(IllegalStateException.class);
            self.get().close();
          }
        })
        .to("out", sink);
    self.set(pipeline.start());
    for (int i = 1; i <= 3; i++) {
      self.get().input().push(i);
    }
    started.countDown();

    PipelineReport report = self.get().awaitCompletion(PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(sink.records()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> self.get().input().push(4)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void runThreadsAreDaemonThreadsByDefault() throws Exception {
    AtomicReference<Thread> thread = new AtomicReference<>();
    Pipeline.named("daemons").from("in", Source.fromIterable(List.of(1, 2)))
        .stage("look", (Integer x, Emitter<Integer> out) -> {
          thread.set(Thread.currentThread());
          out.emit(x);
        })
        .to("out", new RecordingSink<>()).run();

    assertThat(thread.get().isDaemon()).isTrue();
  }

  @Test
  void theLocalRunnerMakesItsThreadsWithTheGivenFactoryAndNamesThem() throws Exception {
    List<Thread> made = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicReference<Thread> thread = new AtomicReference<>();
    LocalRunner runner = LocalRunner.create().withThreadFactory(work -> {
      Thread t = new Thread(work, "mine");
      made.add(t);
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
    RunningPipeline<Integer> run = Pipeline.named("factory")
        .from("in", Source.fromIterable(List.of(1, 2)))
        .stage("look", (Integer x, Emitter<Integer> out) -> {
          thread.set(Thread.currentThread());
          out.emit(x);
        }).ownThread()
        .to("out", new RecordingSink<>()).start(runner);

    assertThat(run.awaitCompletion(PATIENCE).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(made).contains(thread.get()).allSatisfy(
        t -> assertThat(t.getName()).startsWith("sluice-factory-"));
    assertThat(thread.get().getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    assertThat(thread.get().getName()).isEqualTo("sluice-factory-look");
  }

  @Test
  void aLeftoverInterruptFlagDoesNotKeepAnIdleThreadSpinning() throws Exception {
    AtomicReference<Thread> stageThread = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    RunningPipeline<Integer> run = Pipeline.live("stray-interrupt", Integer.class)
        .stage("polite", (Integer x, Emitter<Integer> out) -> {
          stageThread.set(Thread.currentThread());
          Thread.currentThread().interrupt(); // as after catching InterruptedException
          out.emit(x);
          done.countDown();
        })
        .to("out", new RecordingSink<>()).start();
    run.input().push(1);
    done.await();

    // idle with the flag set, the thread's parks would return at once: it must clear it
    await().atMost(PATIENCE).until(() -> !stageThread.get().isInterrupted());
    await().atMost(PATIENCE).until(() -> stageThread.get().getState() == Thread.State.TIMED_WAITING);
    assertThat(run.close(PATIENCE).outcome()).isEqualTo(Outcome.DRAINED);
  }

  @Test
  void aLeftoverInterruptFlagOnASourceThreadIsClearedToo() throws Exception {
    AtomicReference<Thread> sourceThread = new AtomicReference<>();
    AtomicInteger polls = new AtomicInteger();
    Source<Integer> idle = out -> {
      sourceThread.set(Thread.currentThread());
      if (polls.getAndIncrement() == 0) {
        Thread.currentThread().interrupt();
      }
      return true; // nothing to give, for ever
    };
    RunningPipeline<Integer> run = Pipeline.named("stray-source").from("in", idle)
        .to("out", new RecordingSink<>()).start();
    await().atMost(PATIENCE).until(() -> polls.get() > 1);

    await().atMost(PATIENCE).until(() -> !sourceThread.get().isInterrupted());
    assertThat(run.close(PATIENCE).outcome()).isEqualTo(Outcome.DRAINED);
  }
}
