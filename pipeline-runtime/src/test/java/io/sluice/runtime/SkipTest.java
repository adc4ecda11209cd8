package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Skip drops failing records, up to its limit; past it, the run fails and says why. */
class SkipTest {
  private static final List<Integer> INPUT = IntStream.range(0, 1_000).boxed().toList();

  private static Integer parse(Integer x) {
    if (x % 100 == 7) {
      throw new NumberFormatException("bad record " + x);
    }
    return x;
  }

  @Test
  void skipDropsEveryFailingRecordAndCountsIt() throws Exception {
    RecordingSink<Integer> sink = new RecordingSink<>();
    PipelineReport report = Pipeline.from("read", Source.fromIterable(INPUT))
        .map("parse", SkipTest::parse).withDispatch(Dispatch.batched(64))
        .withErrorPolicy(ErrorPolicy.skip())
        .to("save", sink).run();

    assertThat(sink.records()).isEqualTo(INPUT.stream().filter(x -> x % 100 != 7).toList());
    StageReport parse = report.stage("parse");
    assertThat(parse.skipped()).isEqualTo(10);
    assertThat(parse.passedOn()).isEqualTo(990);
    assertThat(report.toString()).contains("parse MAP: received 1000, emitted 990, skipped 10");
  }

  @Test
  void pastTheSkipLimitTheRunFailsNamingTheLimit() throws Exception {
    RunningPipeline<Integer> run = Pipeline.from("read", Source.fromIterable(INPUT))
        .map("parse", SkipTest::parse).withErrorPolicy(ErrorPolicy.skip(3))
        .to("save", r -> { }).start();

    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        run::awaitCompletion);

    assertThat(failure).hasMessage("stage 'parse' failed on record 307 (skip "
        + "limit 3 reached): java.lang.NumberFormatException: bad record 307");
    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(report.stage("parse").skipped()).isEqualTo(3);
    assertThat(report.stage("parse").failed()).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
