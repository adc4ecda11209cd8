package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.junit.SluiceTest;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A live input's feed fails the run: what it accepted drains, the failure names the input. */
@SluiceTest
class LiveInputFailTest {

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void aFailedFeedDeliversWhatWasAcceptedAndFailsTheRunNamingTheInput(PipelineTester.Mode mode,
      PipelineTester tester) throws Exception {
    TestSink<Integer> saved = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.named("feed").live("in", Integer.class)
        .map("double", x -> x * 2)
        .to("save", saved, Dispatch.batched(10));
    RunningPipeline<Integer> run = tester.start(mode, pipeline);
    run.input().push(1);
    run.input().push(2);
    run.input().push(3);

    run.input().fail(new IOException("connection reset"));

    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'in' failed").hasMessageContaining("its feed failed")
        .hasRootCauseMessage("connection reset");
    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(saved.records()).containsExactly(2, 4, 6);
    assertThat(saved.batches()).extracting(Batch::reason).containsExactly(FlushReason.DRAIN);
    assertThatThrownBy(() -> run.input().push(4)).isInstanceOf(IllegalStateException.class);
    Accounting.assertAddsUp(pipeline, report);
  }
}
