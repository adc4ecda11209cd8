package io.sluice.examples.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.api.StageReport;
import io.sluice.examples.console.TestConsole;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code batch --runner flink}: the seed job on an embedded Flink MiniCluster saves the same rows
 * and reports the same per-stage counts as on the local runner.
 */
class FlinkBatchJobTest {

  @Test
  void theSeedJobOnFlinkSavesTheSameRowsWithTheSameReport() throws Exception {
    BatchJob.Result local;
    BatchJob.Result flink;
    List<SalesDatabase.DayTotal> localDaily;
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      local = BatchJob.run(settings(JobRunner.LOCAL), new TestConsole().console(), db);
      localDaily = db.daily();
    }
    TestConsole out = new TestConsole();
    try (SalesDatabase db = SalesDatabase.inMemory()) {
      flink = BatchJob.run(settings(JobRunner.FLINK), out.console(), db);
      assertThat(db.count()).isEqualTo(31);
      assertThat(db.daily()).isEqualTo(localDaily);
    }

    assertThat(flink.saved()).isEqualTo(local.saved()).isEqualTo(31);
    assertThat(flink.rejected()).isEqualTo(local.rejected()).isEqualTo(16);
    assertThat(flink.rejectedByReason()).isEqualTo(local.rejectedByReason());
    assertThat(flink.deadLetters().total()).isEqualTo(local.deadLetters().total());
    assertThat(flink.saveCalls()).isEqualTo(local.saveCalls());
    PipelineReport l = local.report();
    PipelineReport f = flink.report();
    assertThat(f.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(f.accountingBreaches()).isEmpty();
    for (StageReport stage : l.stages()) {
      for (Function<StageReport, Object> count : List.<Function<StageReport, Object>>of(
          StageReport::received, StageReport::emitted, StageReport::passedOn,
          StageReport::filtered, StageReport::skipped, StageReport::deadLettered,
          StageReport::retried, StageReport::stranded, StageReport::emittedByPort,
          StageReport::receivedByInput, StageReport::batchesByReason)) {
        assertThat(count.apply(f.stage(stage.name()))).as(stage.name())
            .isEqualTo(count.apply(stage));
      }
    }
    assertThat(f.stage("save").batches(FlushReason.SIZE)).isEqualTo(10);
    assertThat(out.output()).contains("every row accounted for: 47 read = 31 saved + 16 rejected");
  }

  @Test
  void theRunnerOptionIsCheckedByName() {
    assertThat(JobRunner.named("Flink")).isEqualTo(JobRunner.FLINK);
    assertThatThrownBy(() -> JobRunner.named("spark"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--runner must be local or flink, not 'spark'");
  }

  private static BatchJob.Settings settings(JobRunner runner) {
    return new BatchJob.Settings(3, 0, 7, null, false, runner);
  }
}
