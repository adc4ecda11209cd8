package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deterministic runner ends a run for its sources as the local runner does (both through the
 * engine's {@code HeldSources}): a completed or drained run tells each resumable source its last
 * position once the sinks closed, then closes it; a cancelled or failed one only closes it.
 */
class DeterministicEndOfRunTest {
  private final PipelineTester tester = PipelineTester.create();
  private final List<String> events = new ArrayList<>();
  private long written;

  /** Gives {@code limit} numbers, 10 a poll, then ends or (endless) gives nothing more. */
  private final class Numbers implements ResumableSource<Long> {
    private final long limit;
    private final boolean endless;
    private long next;

    Numbers(long limit, boolean endless) {
      this.limit = limit;
      this.endless = endless;
    }

    @Override
    public void openAt(StageContext context, String position) {
      next = Long.parseLong(position);
    }

    @Override
    public boolean poll(Emitter<Long> out) {
      for (int i = 0; i < 10 && next < limit; i++) {
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
      events.add("told " + position + " with " + written + " written");
    }

    @Override
    public void close() {
      events.add("source closed");
    }
  }

  private DeterministicRun<Long> start(Numbers source, long failAt) {
    Sink<Long> sink = new Sink<>() {
      @Override
      public void write(Long record) {
        if (record == failAt) {
          throw new IllegalArgumentException("refused " + record);
        }
        written++;
      }

      @Override
      public void close() {
        events.add("sink closed");
      }
    };
    return tester.runDeterministic(Pipeline.named("numbers").from("in", source)
        .map("same", (Long n) -> n).to("out", sink));
  }

  @Test
  void aCompletedRunTellsTheSourceItsLastPositionAfterTheSinkClosed() {
    PipelineReport report = start(new Numbers(95, false), -1).awaitCompletion();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(events).containsExactly("sink closed", "told 95 with 95 written",
        "source closed");
  }

  @Test
  void aDrainedRunTellsTheSourceWhereItsReadingStopped() {
    DeterministicRun<Long> run = start(new Numbers(42, true), -1);
    run.close();

    assertThat(run.report().orElseThrow().outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(events).containsExactly("sink closed", "told 42 with 42 written",
        "source closed");
  }

  @Test
  void aCancelledRunOnlyClosesTheSource() {
    DeterministicRun<Long> run = start(new Numbers(42, true), -1);
    run.cancel();

    assertThat(run.report().orElseThrow().outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(events).containsExactly("source closed", "sink closed");
  }

  @Test
  void aFailedRunOnlyClosesTheSource() {
    DeterministicRun<Long> run = start(new Numbers(95, false), 50);

    assertThat(run.report().orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(events).containsExactly("source closed", "sink closed");
  }
}
