package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.sluice.api.DeadLetter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Retries wait by the pipeline clock, with exponential backoff up to a cap. */
class RetryTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Fails its first {@code failures} calls, remembering the clock time of every call. */
  private static Stage<Integer, Integer> flaky(ManualClock clock, int failures,
      List<Long> attemptTimes) {
    return (record, out) -> {
      attemptTimes.add(clock.nanoTime());
      if (attemptTimes.size() <= failures) {
        throw new IOException("service unavailable");
      }
      out.emit(record);
    };
  }

  @Test
  void attemptsHappenAtTheBackoffTimesOfThePipelineClock() throws Exception {
    ManualClock clock = new ManualClock();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    RecordingSink<Integer> sink = new RecordingSink<>();
    Pipeline<Integer> pipeline = Pipeline.from("read", Source.of(7))
        .stage("call", flaky(clock, 4, attempts))
        .withErrorPolicy(ErrorPolicy.retry(5, Duration.ofMillis(100), Duration.ofMillis(400)))
        .to("save", sink)
        .withClock(clock);

    try (RunningPipeline<Integer> run = pipeline.start()) {
      await().atMost(PATIENCE).until(() -> attempts.size() == 1);
      long start = attempts.get(0);
      // waits before attempts 2..5: 100, 200, 400 and (capped) 400 ms
      for (long wait : new long[] {100, 200, 400, 400}) {
        int before = attempts.size();
        clock.advance(Duration.ofMillis(wait - 1));
        // the stage keeps polling the clock; an attempt 1 ms early would show up here
        await().during(Duration.ofMillis(50)).atMost(PATIENCE)
            .until(() -> attempts.size() == before);
        clock.advance(Duration.ofMillis(1));
        await().atMost(PATIENCE).until(() -> attempts.size() == before + 1);
      }
      PipelineReport report = run.awaitCompletion();

      long ms = 1_000_000L;
      assertThat(attempts).containsExactly(start, start + 100 * ms, start + 300 * ms,
          start + 700 * ms, start + 1100 * ms);
      assertThat(sink.records()).containsExactly(7);
      assertThat(report.stage("call").retried()).isEqualTo(4);
      assertThat(report.stage("call").passedOn()).isEqualTo(1);
    }
  }

  @Test
  void whenRetriesRunOutTheRecordIsDeadLetteredWithItsAttempts() throws Exception {
    ManualClock clock = new ManualClock();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();
    RecordingSink<Integer> sink = new RecordingSink<>();

    PipelineReport report = Pipeline.from("read", Source.of(1))
        .stage("call", flaky(clock, Integer.MAX_VALUE, attempts))
        .withErrorPolicy(ErrorPolicy.retry(3, Duration.ZERO, Duration.ZERO)
            .thenDeadLetter(deadLetters))
        .to("save", sink)
        .withClock(clock).run();

    assertThat(attempts).hasSize(3);
    assertThat(deadLetters.records()).singleElement().satisfies(letter -> {
      assertThat(letter.record()).isEqualTo(1);
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.exception()).isInstanceOf(IOException.class);
      assertThat(letter.flushReason()).isEmpty();
      assertThat(letter.batchSize()).isZero();
    });
    StageReport call = report.stage("call");
    assertThat(call.retried()).isEqualTo(2);
    assertThat(call.deadLettered()).isEqualTo(1);
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void whenRetriesRunOutOfARetryOnlyPolicyTheRunFailsSayingHowOftenItTried() {
    ManualClock clock = new ManualClock();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> Pipeline.from("read", Source.of(1))
            .stage("call", flaky(clock, Integer.MAX_VALUE, attempts))
            .withErrorPolicy(ErrorPolicy.retry(2, Duration.ZERO, Duration.ZERO))
            .to("save", r -> { })
            .withClock(clock).run());

    assertThat(failure).hasMessageContaining("stage 'call' failed on record 1 (after 2 attempts)");
    assertThat(attempts).hasSize(2);
  }

  @Test
  void aCancelEndsABackoffWaitAndTheRecordIsStranded() throws Exception {
    ManualClock clock = new ManualClock(); // never advanced: the backoff would last forever
    List<Long> attempts = new CopyOnWriteArrayList<>();
    RunningPipeline<Integer> run = Pipeline.from("read", Source.of(1, 2, 3))
        .stage("call", flaky(clock, Integer.MAX_VALUE, attempts))
        .withErrorPolicy(ErrorPolicy.retry(2, Duration.ofHours(1), Duration.ofHours(1)))
        .to("save", r -> { })
        .withClock(clock).start();
    await().atMost(PATIENCE).until(() -> attempts.size() == 1);

    run.cancel();
    PipelineReport report = run.awaitCompletion();

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    StageReport call = report.stage("call");
    assertThat(call.received()).isEqualTo(3);
    assertThat(call.stranded()).isEqualTo(3); // the one waiting to retry, two still in the ring
    assertThat(call.retried()).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
