package io.sluice.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.testkit.Batch;
import io.sluice.testkit.DeterministicRun;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.TestSource;
import io.sluice.testkit.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pipeline tester and JUnit extension examples of the README, verbatim. */
@SluiceTest                       // injects PipelineTester and VirtualClock; fails tests that leak
class OrderPipelineTest {

  @Test
  void savesInPairsOrAfterOneSecond(PipelineTester tester, VirtualClock clock) {
    TestSource<String> source = TestSource.create();
    TestSink<String> sink = TestSink.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .map("upper", String::toUpperCase)
        .to("save", sink, Dispatch.batched(2, Duration.ofSeconds(1))));

    source.push("a", "b", "c");             // through every stage before push returns
    assertThat(sink.flushReasons()).containsExactly(FlushReason.SIZE);
    clock.advance(Duration.ofSeconds(1));   // "c" has waited long enough
    assertThat(sink.batches()).last().isEqualTo(new Batch<>(FlushReason.TIME, List.of("C")));
    source.complete();                      // END_OF_STREAM: flush, close, report
    assertThat(run.awaitCompletion().stage("save").received()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)  // DETERMINISTIC, then RUNTIME (real stage threads)
  void trimsOnEitherRunner(PipelineTester.Mode mode, PipelineTester tester) throws Exception {
    TestSource<String> source = TestSource.create();
    TestSink<String> sink = TestSink.create();
    try (RunningPipeline<String> run = tester.start(mode, Pipeline.from("in", source)
        .map("trim", String::strip).to("save", sink, Dispatch.batched(2)))) {
      source.push(" a ", "b ", " c");
      sink.awaitCount(2, Duration.ofSeconds(10));   // returns at once when deterministic
      source.complete();
      run.awaitCompletion();
    }
    assertThat(sink.records()).containsExactly("a", "b", "c");
    assertThat(sink.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.END_OF_STREAM);
  }
}
