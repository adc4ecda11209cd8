package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stop contract holds for a dead-letter sink too: {@code cancel()} interrupts a write blocked
 * in an interruptible call, and the record it was writing is stranded; the run is cancelled, not
 * failed by its own interrupt.
 */
class CancelWhileDeadLetteringTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void aCancelInterruptingTheDeadLetterSinkStrandsTheRecord(int batchSize) throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    Sink<DeadLetter> blocking = letter -> {
      writing.countDown();
      new CountDownLatch(1).await(); // a write that waits until interrupted
    };
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.fromIterable(List.of(1, 2, 3, 4)))
        .map("parse", i -> {
          if (i == 2) {
            throw new IllegalArgumentException("bad " + i);
          }
          return i;
        })
        .withDispatch(batchSize == 1 ? Dispatch.perRecord() : Dispatch.batched(batchSize))
        .withErrorPolicy(ErrorPolicy.deadLetter(blocking))
        .to("out", x -> { });
    RunningPipeline<Integer> run = pipeline.start();
    writing.await();

    run.cancel();
    PipelineReport report = run.awaitCompletion(Duration.ofSeconds(10));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(report.failure()).isEmpty();
    assertThat(report.stage("parse").deadLettered()).isZero();
    assertThat(report.stage("parse").failed()).isZero();
    assertThat(report.stage("parse").stranded()).isPositive();
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty(); // awaitCompletion joined the run's threads
  }
}
