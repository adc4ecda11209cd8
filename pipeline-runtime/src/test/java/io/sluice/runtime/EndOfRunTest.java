package io.sluice.runtime;

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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The end-of-run call of {@link ResumableSource#checkpointCompleted}: a run that completes or
 * drains tells each source, once its sinks closed, that every record before its last position
 * reached its fate, then closes it; a cancelled or failed run tells it nothing.
 */
class EndOfRunTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean sinkClosed = new AtomicBoolean();

  /** Counts up to {@code limit} (then ends, or idles if {@code endless}), noting what it hears. */
  private class CountingSource implements ResumableSource<Long> {
    private final long limit;
    private final boolean endless;
    private long next;

    CountingSource(long limit, boolean endless) {
      this.limit = limit;
      this.endless = endless;
    }

    @Override
    public void openAt(StageContext context, String position) {
      next = Long.parseLong(position);
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
          + " with " + written.get() + " written");
    }

    @Override
    public void close() {
      events.add("closed");
    }
  }

  private Sink<Long> sink(long failAt) {
    return new Sink<>() {
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
  }

  private Pipeline<Long> job(CountingSource source, long failAt) {
    return Pipeline.named("end-of-run").from("numbers", source)
        .map("same", (Long n) -> n)
        .to("out", sink(failAt));
  }

  private static PipelineReport failedRun(RunningPipeline<Long> run) {
    await().atMost(WITHIN).until(() -> run.report().isPresent());
    return run.report().orElseThrow();
  }

  @Test
  void aCompletedRunWithoutCheckpointsTellsTheSourceItsLastPositionAfterTheSinkClosed()
      throws Exception {
    PipelineReport report = job(new CountingSource(1_000, false), -1).run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(events).containsExactly("told 1000 after the sink closed with 1000 written",
        "closed");
  }

  @Test
  void aCompletedRunWithCheckpointsEndsWithTheSameCall() throws Exception {
    PipelineReport report = job(new CountingSource(1_000, false), -1)
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofMinutes(1)).run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(events).containsExactly("told 1000 after the sink closed with 1000 written",
        "closed");
  }

  @Test
  void aDrainedRunTellsTheSourceWhereItsReadingStopped() throws Exception {
    RunningPipeline<Long> run = job(new CountingSource(500, true), -1).start();
    await().atMost(WITHIN).until(() -> written.get() == 500);
    run.close();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(events).containsExactly("told 500 after the sink closed with 500 written",
        "closed");
  }

  @Test
  void aCancelledRunOnlyClosesTheSource() throws Exception {
    RunningPipeline<Long> run = job(new CountingSource(500, true), -1).start();
    await().atMost(WITHIN).until(() -> written.get() == 500);
    run.cancel();
    PipelineReport report = run.awaitCompletion(WITHIN);

    assertThat(report.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(events).containsExactly("closed");
  }

  @Test
  void aFailedRunOnlyClosesTheSource() throws Exception {
    PipelineReport report = failedRun(job(new CountingSource(1_000, false), 700).start());

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(events).containsExactly("closed");
  }

  @Test
  void aSourceThatCannotHearTheEndFailsTheRunAndIsClosedAllTheSame() throws Exception {
    CountingSource refusing = new CountingSource(100, false) {
      @Override
      public void checkpointCompleted(String position) {
        throw new IllegalStateException("cannot commit " + position);
      }
    };

    PipelineReport report = failedRun(job(refusing, -1).start());

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.failure().orElseThrow()).hasRootCauseMessage("cannot commit 100");
    assertThat(events).containsExactly("closed");
  }
}
