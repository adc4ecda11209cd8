package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineClock;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.testkit.PipelineTester.Mode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class PipelineTesterTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @ParameterizedTest
  @EnumSource(Mode.class)
  void oneTestBodyRunsInBothModes(Mode mode) throws Exception {
    PipelineTester tester = PipelineTester.create();
    TestSource<String> source = TestSource.create();
    TestSink<String> sink = TestSink.create();
    try (RunningPipeline<String> run = tester.start(mode,
        Pipeline.from("in", source).map("upper", String::toUpperCase)
            .to("out", sink, Dispatch.batched(2)))) {
      source.push("a", "b", "c");
      assertThat(sink.awaitCount(2, PATIENCE)).startsWith("A", "B");
      source.complete();
      assertThat(run.awaitCompletion().stage("out").received()).isEqualTo(3);
    }
    assertThat(sink.records()).containsExactly("A", "B", "C");
    assertThat(sink.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.END_OF_STREAM);
    assertThat(tester.unfinishedRuns()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyRunSeesTheTestersClock(Mode mode) throws Exception {
    PipelineTester tester = PipelineTester.create();
    AtomicReference<PipelineClock> seen = new AtomicReference<>();
    Stage<Integer, Integer> spy = new Stage<>() {
      @Override
      public void open(StageContext context) {
        seen.set(context.clock());
      }

      @Override
      public void process(Integer record, io.sluice.api.Emitter<Integer> out) {
        out.emit(record);
      }
    };
    tester.run(mode, Pipeline.from("in", Source.of(1)).stage("spy", spy).to("out", x -> { }));
    assertThat(seen.get()).isSameAs(tester.clock());
  }

  @Test
  void tracksItsRunsAndCloseEndsTheUnfinishedOnes() {
    PipelineTester tester = PipelineTester.create();
    TestSource<Integer> first = TestSource.create();
    TestSource<Integer> second = TestSource.create();
    RunningPipeline<Integer> deterministic = tester.runDeterministic(
        Pipeline.from("one", first).to("out", x -> { }));
    RunningPipeline<Integer> runtime = tester.runOnRuntime(
        Pipeline.from("two", second).to("out", x -> { }));
    RunningPipeline<Integer> finished = tester.track(
        Pipeline.from("three", Source.of(1)).to("out", x -> { }).start());
    assertThat(tester.runs()).containsExactly(deterministic, runtime, finished);
    tester.close();
    assertThat(tester.unfinishedRuns()).isEmpty();
    assertThat(deterministic.isDone()).isTrue();
    assertThat(runtime.isDone()).isTrue();
    assertThat(LeakCheck.aliveSluiceThreads()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("sluice-two-") || name.startsWith("sluice-three-"));
  }

  @Test
  void runCancelsADeterministicRunThatCannotEnd() {
    PipelineTester tester = PipelineTester.create();
    TestSource<Integer> open = TestSource.create();
    assertThatThrownBy(() -> tester.run(Mode.DETERMINISTIC,
        Pipeline.from("in", open).to("out", x -> { }))).isInstanceOf(IllegalStateException.class);
    assertThat(tester.unfinishedRuns()).isEmpty();
    assertThat(open.isClosed()).isTrue();
  }

  @Test
  void theDeterministicRunnerIsAlsoAPlainPipelineRunner() {
    PipelineTester tester = PipelineTester.create();
    TestSink<Integer> sink = TestSink.create();
    RunningPipeline<Integer> run = Pipeline.from("in", Source.of(1, 2))
        .to("out", sink).start(tester.deterministicRunner());
    assertThat(run).isInstanceOf(DeterministicRun.class);
    assertThat(run.isDone()).isTrue();
    assertThat(sink.records()).isEqualTo(List.of(1, 2));
    assertThat(tester.runs()).containsExactly(run);
    assertThat(tester.deterministicRunner().name()).isEqualTo(DeterministicRunner.NAME);
  }
}
