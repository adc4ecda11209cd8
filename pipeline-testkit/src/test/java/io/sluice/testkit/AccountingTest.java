package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made reports, one broken rule each, against a read → double (map) → keep (filter) → save. */
class AccountingTest {
  private static final Pipeline<Integer> PIPELINE = Pipeline.from("read", Source.of(1))
      .map("double", x -> x * 2)
      .filter("keep", x -> x > 0)
      .to("save", x -> { }, Dispatch.batched(3));

  private static StageReport.Builder stage(String name, StageKind kind, long in, long out) {
    return StageReport.builder(name, kind).received(in).emitted(out);
  }

  private static PipelineReport report(Outcome outcome, StageReport.Builder save,
      long mapOut, long filterOut) {
    return new PipelineReport("read", outcome, Duration.ZERO, List.of(
        stage("read", StageKind.SOURCE, 10, 10).build(),
        stage("double", StageKind.MAP, 10, mapOut).build(),
        stage("keep", StageKind.FILTER, mapOut, filterOut).build(),
        save.build()),
        outcome == Outcome.FAILED
            ? new StageFailedException("read", "save", null, List.of(), new RuntimeException())
            : null);
  }

  private static StageReport.Builder save(long in, long size, long end) {
    return stage("save", StageKind.SINK, in, 0).batches(FlushReason.SIZE, size)
        .batches(FlushReason.END_OF_STREAM, end);
  }

  @Test
  void aReportOfTheRealRunAddsUp() throws Exception {
    PipelineReport real = PipelineTester.create().run(PipelineTester.Mode.DETERMINISTIC,
        Pipeline.from("read", Source.fromIterable(List.of(-2, -1, 0, 1, 2, 3, 4, 5)))
            .map("double", x -> x * 2).filter("keep", x -> x > 0).to("save", x -> { },
                Dispatch.batched(3)));
    Accounting.assertAddsUp(PIPELINE, real);
  }

  @Test
  void aConsistentReportAddsUp() {
    assertThat(Accounting.violations(PIPELINE, report(Outcome.COMPLETED, save(7, 2, 1), 10, 7)))
        .isEmpty();
  }

  @Test
  void aMapThatLostRecordsIsCaught() {
    assertThat(Accounting.violations(PIPELINE, report(Outcome.COMPLETED, save(7, 2, 1), 9, 7)))
        .anyMatch(v -> v.contains("stage 'double' (MAP) received 10 but emitted 9"));
  }

  @Test
  void aRecordLostOnAnEdgeIsCaughtUnlessTheRunWasCutShort() {
    PipelineReport lossy = report(Outcome.COMPLETED, save(6, 2, 0), 10, 7);
    assertThat(Accounting.violations(PIPELINE, lossy))
        .anyMatch(v -> v.contains("stage 'save' received 6 but 'keep' emitted 7"));
    PipelineReport failed = report(Outcome.FAILED, save(6, 2, 0), 10, 7);
    assertThat(Accounting.violations(PIPELINE, failed)).isEmpty();
  }

  @Test
  void receivingMoreThanWasSentIsAlwaysCaught() {
    assertThat(Accounting.violations(PIPELINE, report(Outcome.FAILED, save(8, 2, 1), 10, 7)))
        .anyMatch(v -> v.contains("more than 'keep' emitted"));
  }

  @Test
  void batchesThatCannotHoldTheRecordsAreCaught() {
    assertThat(Accounting.violations(PIPELINE, report(Outcome.COMPLETED, save(7, 1, 1), 10, 7)))
        .anyMatch(v -> v.contains("hold at most 5"));
    assertThat(Accounting.violations(PIPELINE, report(Outcome.COMPLETED, save(7, 3, 1), 10, 7)))
        .anyMatch(v -> v.contains("too few for 3 full batches"));
  }

  @Test
  void timeBatchesWithoutMaxWaitAndTwoEndsAreCaught() {
    StageReport.Builder timed = save(7, 2, 1).batches(FlushReason.TIME, 1)
        .batches(FlushReason.DRAIN, 1);
    assertThat(Accounting.violations(PIPELINE, report(Outcome.COMPLETED, timed, 10, 7)))
        .anyMatch(v -> v.contains("no maxWait"))
        .anyMatch(v -> v.contains("2 end-of-stream/drain batches"))
        .anyMatch(v -> v.contains("DRAIN batch in a COMPLETED run"));
  }

  @Test
  void batchesUnderPerRecordAndASinkThatEmitsAreCaught() {
    Pipeline<Integer> streaming = Pipeline.from("read", Source.of(1)).map("double", x -> x)
        .filter("keep", x -> true).to("save", x -> { });
    StageReport.Builder odd = stage("save", StageKind.SINK, 7, 1).batches(FlushReason.SIZE, 1);
    assertThat(Accounting.violations(streaming, report(Outcome.COMPLETED, odd, 10, 7)))
        .anyMatch(v -> v.contains("perRecord() delivered batches"))
        .anyMatch(v -> v.contains("is a sink but emitted 1"));
  }

  @Test
  void aReportOfAnotherPipelineIsCaught() {
    PipelineReport other = new PipelineReport("x", Outcome.COMPLETED, Duration.ZERO,
        List.of(stage("read", StageKind.SOURCE, 1, 1).build()), null);
    assertThatThrownBy(() -> Accounting.assertAddsUp(PIPELINE, other))
        .isInstanceOf(AssertionError.class).hasMessageContaining("report has 1 stages");
  }
}
