package io.sluice.testkit.conformance;

import static io.sluice.testkit.conformance.ConformanceStages.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.Batch;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Error policies on every runner: fail-fast, skip, retry, dead letters, and the isolation of the
 * poison records of a failed batch. Part of {@link RunnerConformanceSuite}.
 */
public abstract class PolicyConformance extends DispatchConformance {

  /** Creates the cases. */
  protected PolicyConformance() {}

  /**
   * Fail-fast: the run fails naming the stage and the record; what the stage passed on before the
   * failure is delivered, the partial batch flushed with DRAIN where the runner stops its inputs on
   * a failure and with END_OF_STREAM where it lets them run to their end.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void failFastFailsTheRunAndDeliversWhatWasPassedOnBefore() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("fail-fast")
        .from("in", () -> Source.fromIterable(range(1, 10)))
        .stage("check", () -> new ConformanceStages.Poisoned(Set.of(5)))
        .to("out", recorder.sink("out"), Dispatch.batched(3));

    PipelineReport report = run(pipeline, Outcome.FAILED);

    StageFailedException failure = report.failure().orElseThrow();
    assertEquals("check", failure.stageName());
    assertEquals(5, failure.record().orElseThrow());
    FlushReason last = can(RunnerCapability.STOPS_INPUTS_ON_FAILURE) ? FlushReason.DRAIN
        : FlushReason.END_OF_STREAM;
    assertEquals(List.of(new Batch<Object>(FlushReason.SIZE, List.of(1, 2, 3)),
        new Batch<Object>(last, List.of(4))), recorder.batches("out"));
    assertEquals(1, report.stage("check").failed());
    assertEquals(4, report.stage("check").passedOn());
  }

  /**
   * Skip: the failing records are dropped and counted, the others delivered in order.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void skipDropsOnlyTheFailingRecords() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("skip")
        .from("in", () -> Source.fromIterable(range(1, 10)))
        .stage("check", () -> new ConformanceStages.Poisoned(Set.of(3, 7)), Dispatch.batched(4))
        .withErrorPolicy(ErrorPolicy.skip())
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(1, 2, 4, 5, 6, 8, 9, 10), recorder.records("out"));
    assertEquals(2, report.stage("check").skipped());
  }

  /**
   * Retry: a record that fails twice and then passes is delivered once, and the retries are
   * counted.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void retryDeliversARecordThatPassesOnALaterAttempt() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("retry")
        .from("in", () -> Source.fromIterable(range(1, 6)))
        .stage("flaky", () -> new ConformanceStages.Flaky(Set.of(4), 2))
        .withErrorPolicy(ErrorPolicy.retry(3, Duration.ZERO, Duration.ZERO).thenSkip())
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(range(1, 6), recorder.records("out"));
    assertEquals(2, report.stage("flaky").retried());
    assertEquals(0, report.stage("flaky").skipped());
  }

  /**
   * Dead letters: each failing record reaches the dead-letter sink with its stage, the others go
   * on in order.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void deadLetterSendsFailingRecordsToTheDeadLetterSink() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("dead-letter")
        .from("in", () -> Source.fromIterable(range(1, 8)))
        .stage("check", () -> new ConformanceStages.Poisoned(Set.of(2, 5)))
        .withErrorPolicy(ErrorPolicy.deadLetter(recorder.deadLetters("failed")))
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(1, 3, 4, 6, 7, 8), recorder.records("out"));
    List<DeadLetter> letters = recorder.records("failed").stream()
        .map(DeadLetter.class::cast).toList();
    assertEquals(List.of(2, 5), letters.stream().map(DeadLetter::record).toList());
    assertTrue(letters.stream().allMatch(l -> l.stageName().equals("check")), letters::toString);
    assertEquals(2, report.stage("check").deadLettered());
  }

  /**
   * A batch that fails as a whole is split until only its poison record takes the policy; every
   * other record of the batch is delivered exactly once.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void aFailedBatchIsSplitSoOnlyThePoisonRecordIsDeadLettered() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("isolation")
        .from("in", () -> Source.fromIterable(range(1, 12)))
        .stage("write", () -> new ConformanceStages.PoisonedBatches(Set.of(6)),
            Dispatch.batched(4))
        .withErrorPolicy(ErrorPolicy.deadLetter(recorder.deadLetters("failed")))
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12), recorder.records("out"));
    assertEquals(List.of(6), recorder.records("failed").stream()
        .map(l -> ((DeadLetter) l).record()).toList());
    assertEquals(1, report.stage("write").deadLettered());
    assertEquals(11, report.stage("write").passedOn());
  }
}
