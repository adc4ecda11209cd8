package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hand-made reports, one broken rule each, against read → double (map) → keep (filter) → save
 * (batched(3)); and reports of real runs, failed ones included, in both modes.
 */
class AccountingTest {
  private static final Pipeline<Integer> PIPELINE = Pipeline.from("read", Source.of(1))
      .map("double", x -> x * 2)
      .filter("keep", x -> x > 0).withErrorPolicy(ErrorPolicy.skip(2))
      .to("save", x -> { }, Dispatch.batched(3));

  /** A consistent report: 10 read, doubled, 3 filtered out, 7 saved in batches 3 + 3 + 1. */
  private static StageReportBuilder read() {
    return StageReport.builder("read", StageKind.SOURCE).received(10).emitted(10).passedOn(10);
  }

  private static StageReportBuilder doubled() {
    return StageReport.builder("double", StageKind.MAP).received(10).emitted(10).passedOn(10);
  }

  private static StageReportBuilder keep() {
    return StageReport.builder("keep", StageKind.FILTER).received(10).emitted(7).passedOn(7)
        .filtered(3);
  }

  private static StageReportBuilder save() {
    return StageReport.builder("save", StageKind.SINK).received(7).passedOn(7)
        .batches(FlushReason.SIZE, 2).batches(FlushReason.END_OF_STREAM, 1);
  }

  private static PipelineReport report(Outcome outcome, StageReportBuilder... stages) {
    return report(outcome, List.of(), stages);
  }

  private static PipelineReport report(Outcome outcome, List<String> breaches,
      StageReportBuilder... stages) {
    return new PipelineReport("read", outcome, Duration.ZERO,
        Arrays.stream(stages).map(StageReportBuilder::build).toList(),
        outcome == Outcome.FAILED
            ? new StageFailedException("read", "save", null, List.of(), new RuntimeException())
            : null, breaches);
  }

  private static List<String> violations(PipelineReport report) {
    return Accounting.violations(PIPELINE, report);
  }

  @Test
  void aConsistentReportAddsUp() {
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(), save())))
        .isEmpty();
  }

  @Test
  void aRecordWithoutAFateOrWithTwoIsCaught() {
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep().filtered(2),
        save()))).containsExactly("stage 'keep' received 10 records but their fates add up to 9 "
        + "(passed on 7, filtered 2, skipped 0, dead-lettered 0, failed 0, stranded 0)");
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep().skipped(1),
        save()))).anyMatch(v -> v.contains("their fates add up to 11"));
  }

  @Test
  void anInputThatDidNotPassOnWhatItProducedIsCaught() {
    assertThat(violations(report(Outcome.COMPLETED, read().passedOn(9), doubled(), keep(),
        save()))).containsExactly("input 'read' produced 10 records but reports 10 emitted and 9 "
        + "passed on");
  }

  @Test
  void aMapThatDidNotEmitOnePerRecordIsCaught() {
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled().emitted(9), keep()
        .received(9).filtered(2), save())))
        .containsExactly("stage 'double' (MAP) emitted 9 but passed on 10 records, one each");
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled().passedOn(9).filtered(1)
        .emitted(9), keep().received(9).filtered(2), save())))
        .containsExactly("stage 'double' (MAP) filtered 1 records");
  }

  @Test
  void aRecordLostOrInventedOnAnEdgeIsCaughtWhateverTheOutcome() {
    for (Outcome outcome : List.of(Outcome.COMPLETED, Outcome.FAILED, Outcome.CANCELLED)) {
      StageReportBuilder lost = save().received(6).passedOn(6);
      assertThat(violations(report(outcome, read(), doubled(), keep(), lost)))
          .as("%s", outcome)
          .contains("edge keep -> save: 'keep' emitted 7 records but 'save' received 6 from it");
      StageReportBuilder invented = save().received(8).passedOn(8);
      assertThat(violations(report(outcome, read(), doubled(), keep(), invented)))
          .as("%s", outcome)
          .contains("edge keep -> save: 'keep' emitted 7 records but 'save' received 8 from it");
    }
  }

  @Test
  void strandedAndFailedRecordsAreCaughtInRunsThatCannotHaveThem() {
    StageReportBuilder stranded = save().passedOn(6).stranded(1);
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(), stranded)))
        .containsExactly("stage 'save' stranded 1 records in a COMPLETED run");
    StageReportBuilder failed = save().passedOn(4).failed(3);
    assertThat(violations(report(Outcome.CANCELLED, read(), doubled(), keep(), failed)))
        .containsExactly("stage 'save' failed 3 records in a CANCELLED run");
    assertThat(violations(report(Outcome.FAILED, read(), doubled(), keep(), failed))).isEmpty();
    assertThat(violations(report(Outcome.CANCELLED, read(), doubled(), keep(), stranded)))
        .isEmpty();
  }

  @Test
  void countsThePolicyDoesNotAllowAreCaught() {
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled().passedOn(9).skipped(1)
        .emitted(9), keep().received(9).filtered(2), save())))
        .containsExactly("stage 'double' (failFast()) skipped 1 records");
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep().filtered(0)
        .skipped(3), save()))).containsExactly("stage 'keep' (skip(2)) skipped 3 records, more "
        + "than its limit");
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep().filtered(2)
        .deadLettered(1), save())))
        .containsExactly("stage 'keep' (skip(2)) dead-lettered 1 records");
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(),
        save().retried(1)))).containsExactly("stage 'save' (failFast()) retried 1 times");
  }

  @Test
  void aBreachTheRunnerReportedIsCaught() {
    assertThat(violations(report(Outcome.COMPLETED, List.of("something"), read(), doubled(),
        keep(), save())))
        .containsExactly("the runner reported an accounting breach: something");
  }

  @Test
  void batchesThatCannotHoldTheRecordsAreCaught() {
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(),
        save().batches(FlushReason.SIZE, 1)))).anyMatch(v -> v.contains("hold at most 5"));
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(),
        save().batches(FlushReason.SIZE, 3)))).anyMatch(v -> v.contains("too few for 3 full"));
  }

  @Test
  void batchesFlushedByACheckpointCountLikeOtherPartialBatches() {
    // 7 saved in batches of 3 (SIZE), 2 (CHECKPOINT) and 2 (END_OF_STREAM)
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(),
        save().batches(FlushReason.SIZE, 1).batches(FlushReason.CHECKPOINT, 1)))).isEmpty();
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(),
        save().batches(FlushReason.SIZE, 0).batches(FlushReason.CHECKPOINT, 2))))
        .anyMatch(v -> v.contains("hold at most 6"));
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(),
        save().batches(FlushReason.SIZE, 1).batches(FlushReason.CHECKPOINT, 4))))
        .anyMatch(v -> v.contains("too few for 1 full batches and 5 others"));
  }

  @Test
  void timeBatchesWithoutMaxWaitAndTwoEndsAreCaught() {
    StageReportBuilder timed = save().batches(FlushReason.SIZE, 1)
        .batches(FlushReason.TIME, 1).batches(FlushReason.DRAIN, 1);
    assertThat(violations(report(Outcome.COMPLETED, read(), doubled(), keep(), timed)))
        .anyMatch(v -> v.contains("no maxWait"))
        .anyMatch(v -> v.contains("2 end-of-stream/drain batches"))
        .anyMatch(v -> v.contains("DRAIN batch in a COMPLETED run"));
  }

  @Test
  void batchesUnderPerRecordAndASinkThatEmitsOrFiltersAreCaught() {
    Pipeline<Integer> streaming = Pipeline.from("read", Source.of(1)).map("double", x -> x)
        .filter("keep", x -> true).withErrorPolicy(ErrorPolicy.skip(2)).to("save", x -> { });
    StageReportBuilder odd = save().emitted(1).passedOn(6).filtered(1);
    assertThat(Accounting.violations(streaming, report(Outcome.COMPLETED, read(), doubled(),
        keep(), odd.batches(FlushReason.SIZE, 1).emitted(1))))
        .anyMatch(v -> v.contains("perRecord() delivered batches"))
        .anyMatch(v -> v.contains("is a sink but emitted 1"))
        .anyMatch(v -> v.contains("stage 'save' (SINK) filtered 1 records"));
  }

  @Test
  void aReportOfAnotherPipelineIsCaught() {
    PipelineReport other = report(Outcome.COMPLETED, read());
    assertThatThrownBy(() -> Accounting.assertAddsUp(PIPELINE, other))
        .isInstanceOf(AssertionError.class).hasMessageContaining("report has 1 stages");
  }

  @Test
  void aReportOfTheRealRunAddsUp() throws Exception {
    PipelineReport real = PipelineTester.create().run(PipelineTester.Mode.DETERMINISTIC,
        Pipeline.from("read", Source.fromIterable(List.of(-2, -1, 0, 1, 2, 3, 4, 5)))
            .map("double", x -> x * 2).filter("keep", x -> x > 0)
            .withErrorPolicy(ErrorPolicy.skip(2)).to("save", x -> { }, Dispatch.batched(3)));
    Accounting.assertAddsUp(PIPELINE, real);
  }

  /**
   * A run that fails with records in flight and batches waiting: its report, read with
   * {@link RunningPipeline#report()}, counts them failed or stranded and adds up in both modes.
   */
  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void theReportOfAFailedRunAddsUp(PipelineTester.Mode mode) throws Exception {
    TestSink<DeadLetter> parked = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("failing")
        .from("read", Source.fromIterable(IntStream.range(0, 100).boxed().toList()))
        .map("check", x -> {
          if (x % 10 == 3) {
            throw new IllegalArgumentException("bad " + x);
          }
          return x;
        }).withErrorPolicy(ErrorPolicy.deadLetter(parked))
        .withDispatch(Dispatch.batched(4))
        .map("save-soon", x -> {
          if (x == 57) {
            throw new IllegalStateException("the database is gone");
          }
          return x;
        }).withDispatch(Dispatch.batched(5))
        .to("save", TestSink.create(), Dispatch.batched(7));
    try (PipelineTester tester = PipelineTester.create()) {
      RunningPipeline<Integer> run = tester.start(mode, pipeline);
      assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
          .hasMessageContaining("stage 'save-soon'");
      PipelineReport report = run.report().orElseThrow();

      assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(report.stage("save-soon").failed()).isEqualTo(1);
      assertThat(report.stage("check").deadLettered()).isEqualTo(parked.count()).isPositive();
      assertThat(report.stages().stream().mapToLong(StageReport::stranded).sum()).isPositive();
      Accounting.assertAddsUp(pipeline, report);
    }
  }
}
