package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fault property widened to hostile stages: an {@code Error} on every path (open, process,
 * processBatch, close, the dead-letter sink, a source's poll and close), stages that block with
 * or without heeding interrupts, and cancels or close deadlines at random moments. Each run must
 * name the right stage and cause, close every opened part once, keep its accounting, leave no
 * thread and have {@code close(Duration)} return shortly after its deadline.
 */
class HostilePropertyTest {
  private static final Duration DEADLINE = Duration.ofMillis(200);
  private static final long MARGIN_MILLIS = 5_000; // generous: the machine is shared

  /** Where the hostile part misbehaves. */
  enum Hostility {
    OPEN_ERROR, PROCESS_ERROR, BATCH_ERROR, CLOSE_ERROR, DEAD_LETTER_ERROR, POLL_ERROR,
    SOURCE_CLOSE_ERROR, BLOCKS_INTERRUPTIBLY, BLOCKS_IGNORING_INTERRUPTS
  }

  /** How the run is ended. */
  enum Stop { AWAIT, CANCEL, CLOSE_WITH_DEADLINE }

  /** The middle stage: misbehaves as told once record {@code at} arrives. */
  static final class Hostile implements Stage<Integer, Integer> {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final Hostility hostility;
    final int at;
    final CountDownLatch release;

    Hostile(Hostility hostility, int at, CountDownLatch release) {
      this.hostility = hostility;
      this.at = at;
      this.release = release;
    }

    @Override
    public void open(StageContext context) {
      opens.incrementAndGet();
      if (hostility == Hostility.OPEN_ERROR) {
        throw new LinkageError("open broke");
      }
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) throws InterruptedException {
      if (record == at) {
        switch (hostility) {
          case PROCESS_ERROR -> throw new LinkageError("process broke");
          case DEAD_LETTER_ERROR -> throw new IllegalArgumentException("bad " + record);
          case BLOCKS_INTERRUPTIBLY -> release.await();
          case BLOCKS_IGNORING_INTERRUPTS -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (release.getCount() > 0 && System.nanoTime() < until) {
              LockSupport.parkNanos(1_000_000L);
            }
          }
          default -> { }
        }
      }
      out.emit(record);
    }

    @Override
    public void processBatch(List<Integer> batch, Emitter<Integer> out) throws Exception {
      if (hostility == Hostility.BATCH_ERROR && batch.contains(at)) {
        throw new LinkageError("processBatch broke");
      }
      for (Integer record : batch) {
        process(record, out);
      }
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      if (hostility == Hostility.CLOSE_ERROR) {
        throw new LinkageError("close broke");
      }
    }
  }

  @Property(tries = 40)
  void hostileStagesNeverBreakTheStopContractOrTheAccounting(
      @ForAll Hostility hostility, @ForAll Stop stop, @ForAll boolean batched,
      @ForAll @IntRange(min = 0, max = 40) int at) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Hostile hostile = new Hostile(hostility, at, release);
    Sink<DeadLetter> letters = letter -> {
      throw new OutOfMemoryError("dead-letter sink broke");
    };
    AtomicInteger next = new AtomicInteger();
    Source<Integer> source = new Source<>() {
      @Override
      public boolean poll(Emitter<Integer> out) {
        int n = next.getAndIncrement();
        if (hostility == Hostility.POLL_ERROR && n == at) {
          throw new LinkageError("poll broke");
        }
        out.emit(n);
        return n < 200 || stop != Stop.AWAIT; // endless unless the run is awaited
      }

      @Override
      public void close() {
        if (hostility == Hostility.SOURCE_CLOSE_ERROR) {
          throw new LinkageError("source close broke");
        }
      }
    };
    ErrorPolicy policy = hostility == Hostility.DEAD_LETTER_ERROR
        ? ErrorPolicy.deadLetter(letters) : ErrorPolicy.failFast();
    RunningPipeline<Integer> run = Pipeline.named("hostile").from("in", source)
        .stage("hostile", hostile, batched ? Dispatch.batched(4) : Dispatch.perRecord())
        .withErrorPolicy(policy).ownThread()
        .map("after", x -> x)
        .to("out", new RecordingSink<>()).start(LocalRunner.create());
    boolean blocks = hostility == Hostility.BLOCKS_INTERRUPTIBLY
        || hostility == Hostility.BLOCKS_IGNORING_INTERRUPTS;
    try {
      PipelineReport report = end(run, stop, blocks);
      check(report, hostility, hostile);
    } finally {
      release.countDown();
      await().atMost(Duration.ofSeconds(25)).until(() -> SluiceThreads.alive().isEmpty());
    }
    assertThat(hostile.closes.get()).as("opened stages are closed once")
        .isEqualTo(hostile.opens.get());
  }

  private static PipelineReport end(RunningPipeline<Integer> run, Stop stop, boolean blocks)
      throws Exception {
    Stop effective = stop == Stop.AWAIT && blocks ? Stop.CLOSE_WITH_DEADLINE : stop;
    try {
      switch (effective) {
        case AWAIT -> run.awaitCompletion();
        case CANCEL -> {
          run.cancel();
          run.awaitCompletion(Duration.ofSeconds(20));
        }
        case CLOSE_WITH_DEADLINE -> {
          long start = System.nanoTime();
          run.close(DEADLINE);
          long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertThat(took).as("close(%s) took %d ms", DEADLINE, took)
              .isLessThan(DEADLINE.toMillis() + MARGIN_MILLIS);
        }
        default -> throw new AssertionError(effective);
      }
    } catch (StageFailedException failed) {
      // the report says the rest
    }
    return run.report().orElseThrow();
  }

  private static void check(PipelineReport report, Hostility hostility, Hostile hostile) {
    assertThat(report.accountingBreaches()).as("accounting").isEmpty();
    if (report.outcome() != PipelineReport.Outcome.FAILED) {
      return; // cancelled before the hostile part was reached, or an interruptible block
    }
    StageFailedException failure = report.failure().orElseThrow();
    String expectedStage = switch (hostility) {
      case POLL_ERROR, SOURCE_CLOSE_ERROR -> "in";
      default -> "hostile";
    };
    assertThat(failure.stageName()).as("the failing stage").isEqualTo(expectedStage);
    assertThat(failure.getCause()).as("the cause")
        .isInstanceOfAny(LinkageError.class, OutOfMemoryError.class);
  }
}
