package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import io.sluice.api.spi.PipelineRunner;
import io.sluice.runtime.LocalRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The end of a run for its sources, on both runners (they share the engine's
 * {@code HeldSources}): a run that completes or drains tells each resumable source, once its
 * sinks closed, that every record before its last position reached its fate
 * ({@link ResumableSource#checkpointCompleted}), then closes it; a cancelled or failed run only
 * closes it, every call on the source's own thread. Here rather than in pipeline-runtime so that
 * one test covers both runners.
 */
class EndOfRunTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean sinkClosed = new AtomicBoolean();

  static Stream<PipelineRunner> runners() {
    return Stream.of(new LocalRunner(), DeterministicRunner.on(VirtualClock.create()));
  }

  /** Counts up to {@code limit} (then ends, or idles if {@code endless}), noting what it hears. */
  private class CountingSource implements ResumableSource<Long> {
    private final long limit;
    private final boolean endless;
    private long next;
    private Thread reader;

    CountingSource(long limit, boolean endless) {
      this.limit = limit;
      this.endless = endless;
    }

    @Override
    public void open(StageContext context) {
      reader = Thread.currentThread();
    }

    @Override
    public void openAt(StageContext context, String position) {
      open(context);
      next = Long.parseLong(position);
    }

    /** Every call on a source stays on the thread that opened it. */
    private String elsewhere() {
      return Thread.currentThread() == reader ? "" : " on another thread";
    }

    @Override
    public boolean poll(Emitter<Long> out) {
      for (int i = 0; i < 64 && next < limit; i++) {
        out.emit(next++);
      }
      return endless || next < limit;
    }

    @Override
    public String position() {
      return Long.toString(next);
    }

    @Override
    public void checkpointCompleted(String position) {
      events.add("told " + position + (sinkClosed.get() ? " after the sink closed" : "")
          + " with " + written.get() + " written" + elsewhere());
    }

    @Override
    public void close() {
      events.add("closed" + elsewhere());
    }
  }

  private RunningPipeline<Long> start(PipelineRunner runner, CountingSource source, long failAt,
      UnaryOperator<Pipeline<Long>> setting) {
    Sink<Long> sink = new Sink<>() {
      @Override
      public void write(Long record) {
        if (record == failAt) {
          throw new IllegalStateException("refused " + record);
        }
        written.incrementAndGet();
      }

      @Override
      public void close() {
        sinkClosed.set(true);
      }
    };
    return setting.apply(Pipeline.named("end-of-run").from("numbers", source)
        .map("same", (Long n) -> n).to("out", sink)).start(runner);
  }

  private static PipelineReport reportOf(RunningPipeline<Long> run) {
    await().atMost(WITHIN).until(() -> run.report().isPresent());
    return run.report().orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("runners")
  void aCompletedRunTellsTheSourceItsLastPositionAfterTheSinkClosed(PipelineRunner runner) {
    PipelineReport report = reportOf(start(runner, new CountingSource(1_000, false), -1,
        UnaryOperator.identity()));

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(events).containsExactly("told 1000 after the sink closed with 1000 written",
        "closed");
  }

  @ParameterizedTest
  @MethodSource("runners")
  void aCompletedRunWithCheckpointsEndsWithTheSameCall(PipelineRunner runner) {
    PipelineReport report = reportOf(start(runner, new CountingSource(1_000, false), -1,
        job -> job.withCheckpoints(CheckpointStore.inMemory(), Duration.ofMinutes(1))));

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(events).containsExactly("told 1000 after the sink closed with 1000 written",
        "closed");
  }

  @ParameterizedTest
  @MethodSource("runners")
  void aDrainedRunTellsTheSourceWhereItsReadingStopped(PipelineRunner runner) {
    RunningPipeline<Long> run = start(runner, new CountingSource(500, true), -1,
        UnaryOperator.identity());
    await().atMost(WITHIN).until(() -> written.get() == 500);
    run.close();

    assertThat(reportOf(run).outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(events).containsExactly("told 500 after the sink closed with 500 written",
        "closed");
  }

  @ParameterizedTest
  @MethodSource("runners")
  void aCancelledRunOnlyClosesTheSource(PipelineRunner runner) {
    RunningPipeline<Long> run = start(runner, new CountingSource(500, true), -1,
        UnaryOperator.identity());
    await().atMost(WITHIN).until(() -> written.get() == 500);
    run.cancel();

    assertThat(reportOf(run).outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(events).containsExactly("closed");
  }

  @ParameterizedTest
  @MethodSource("runners")
  void aFailedRunOnlyClosesTheSource(PipelineRunner runner) {
    PipelineReport report = reportOf(start(runner, new CountingSource(1_000, false), 700,
        UnaryOperator.identity()));

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(events).containsExactly("closed");
  }

  @ParameterizedTest
  @MethodSource("runners")
  void aSourceThatCannotHearTheEndFailsTheRunAndIsClosedAllTheSame(PipelineRunner runner) {
    CountingSource refusing = new CountingSource(100, false) {
      @Override
      public void checkpointCompleted(String position) {
        throw new IllegalStateException("cannot commit " + position);
      }
    };

    PipelineReport report = reportOf(start(runner, refusing, -1, UnaryOperator.identity()));

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.failure().orElseThrow()).hasRootCauseMessage("cannot commit 100");
    assertThat(events).containsExactly("closed");
  }
}
