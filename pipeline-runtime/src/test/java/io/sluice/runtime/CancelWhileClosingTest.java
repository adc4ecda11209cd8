package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code cancel()} interrupts a {@code close()} blocked in an interruptible call so the run can
 * end; the interrupt it caused is not the run's failure. What else a close throws still is.
 */
class CancelWhileClosingTest {

  /** A sink whose close waits (a flush to a slow server) until interrupted, then acts. */
  private static Sink<Integer> closingSlowly(CountDownLatch closing, boolean wrapTheInterrupt) {
    return new Sink<>() {
      @Override
      public void write(Integer record) {}

      @Override
      public void close() throws Exception {
        closing.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          if (wrapTheInterrupt) {
            throw new IllegalStateException("the last flush was lost"); // the stage's own say
          }
          throw e;
        }
      }
    };
  }

  /** Starts a run whose sink closes slowly and cancels it while the sink is closing. */
  private static RunningPipeline<Integer> cancelledWhileClosing(boolean wrapTheInterrupt)
      throws InterruptedException {
    CountDownLatch closing = new CountDownLatch(1);
    RunningPipeline<Integer> run = Pipeline.from("in", Source.of(1, 2))
        .to("out", closingSlowly(closing, wrapTheInterrupt)).start();
    closing.await();
    run.cancel();
    return run;
  }

  @Test
  void aCloseInterruptedByTheCancelLeavesTheRunCancelled() throws Exception {
    RunningPipeline<Integer> run = cancelledWhileClosing(false);

    PipelineReport report = run.awaitCompletion(Duration.ofSeconds(10));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.failure()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void whatACloseThrowsOfItsOwnAfterTheCancelIsStillReported() throws Exception {
    RunningPipeline<Integer> run = cancelledWhileClosing(true);

    assertThatThrownBy(() -> run.awaitCompletion(Duration.ofSeconds(10)))
        .isInstanceOf(StageFailedException.class).hasRootCauseMessage("the last flush was lost");
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
