package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules a deterministic run keeps whatever its stages do: no retry it would have to wait for,
 * no stage pushing to it or ending it while it calls that stage, no checkpoint without a setting,
 * no null record from a source. Each is refused with a message naming what and where.
 */
class DeterministicRunRulesTest {
  private final PipelineTester tester = PipelineTester.create();
  private final TestSink<String> sink = TestSink.create();

  @AfterEach
  void nothingLeft() {
    List<RunningPipeline<?>> unfinished = tester.unfinishedRuns();
    tester.close(); // ends what a failed test left running
    assertThat(unfinished).isEmpty();
  }

  @Test
  void aRetryWithABackoffIsRefusedWhenTheRunStarts() {
    Pipeline<String> pipeline = Pipeline.named("job").from("in", Source.of("a"))
        .map("upper", String::toUpperCase)
        .withErrorPolicy(ErrorPolicy.retry(3, Duration.ofMillis(10), Duration.ofMillis(40)))
        .to("out", sink);

    assertThatThrownBy(() -> tester.runDeterministic(pipeline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stage 'upper' of pipeline 'job' retries after a backoff")
        .hasMessageContaining("Retry with Duration.ZERO backoffs in the test");
    assertThat(sink.records()).isEmpty();
  }

  @Test
  void aRetryWithoutBackoffRuns() {
    Pipeline<String> pipeline = Pipeline.from("in", Source.of("a"))
        .map("upper", String::toUpperCase)
        .withErrorPolicy(ErrorPolicy.retry(3, Duration.ZERO, Duration.ZERO))
        .to("out", sink);

    assertThat(tester.runDeterministic(pipeline).awaitCompletion().outcome())
        .isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(sink.records()).containsExactly("A");
  }

  @Test
  void aStagePushingToTheLiveInputFailsTheRun() throws InterruptedException {
    AtomicReference<DeterministicRun<String>> running = new AtomicReference<>();
    Pipeline<String> pipeline = Pipeline.named("job").live("ticks", String.class)
        .stage("echo", (String tick, Emitter<String> out) -> {
          running.get().input().push(tick + "!");
          out.emit(tick);
        })
        .to("out", sink);
    running.set(tester.runDeterministic(pipeline));

    running.get().input().push("a");

    assertThat(running.get().isDone()).isTrue();
    assertThatThrownBy(running.get()::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'echo'")
        .rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessage("live input 'ticks' of pipeline 'job' was pushed to from inside a stage; "
            + "push from the test");
  }

  @Test
  void aStageClosingItsRunFailsTheRun() throws InterruptedException {
    assertThat(failureOfAStageThat(DeterministicRun::close))
        .hasMessage("cannot close deterministic run of pipeline 'job' from inside one of its "
            + "stages");
  }

  @Test
  void aStageCancellingItsRunFailsTheRun() throws InterruptedException {
    assertThat(failureOfAStageThat(DeterministicRun::cancel))
        .hasMessage("cannot cancel deterministic run of pipeline 'job' from inside one of its "
            + "stages");
  }

  @Test
  void aStageCompletingTheLiveInputFailsTheRun() throws InterruptedException {
    assertThat(failureOfAStageThat(run -> run.input().complete()))
        .hasMessage("cannot complete the live input of deterministic run of pipeline 'job' from "
            + "inside one of its stages");
  }

  @Test
  void aCheckpointOfABlueprintWithoutCheckpointsIsRefused() {
    DeterministicRun<String> run = tester.runDeterministic(
        Pipeline.named("job").live("ticks", String.class).to("out", sink));

    assertThatThrownBy(run::checkpoint).isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline 'job' takes no checkpoints: build it withCheckpoints(store, "
            + "interval)");
    run.close();
  }

  @Test
  void aSourceEmittingNullFailsTheRunNamingTheSource() {
    Source<String> nulls = out -> {
      out.emit(null);
      return false;
    };
    DeterministicRun<String> run = tester.runDeterministic(
        Pipeline.named("job").from("in", nulls).to("out", sink));

    assertThat(run.isDone()).isTrue();
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("'in'")
        .rootCause().isInstanceOf(NullPointerException.class)
        .hasMessage("source 'in' emitted null");
  }

  /** Runs a live pipeline whose stage does {@code action} to its own run; returns the cause. */
  private Throwable failureOfAStageThat(Consumer<DeterministicRun<String>> action)
      throws InterruptedException {
    AtomicReference<DeterministicRun<String>> running = new AtomicReference<>();
    Pipeline<String> pipeline = Pipeline.named("job").live("ticks", String.class)
        .map("meddle", tick -> {
          action.accept(running.get());
          return tick;
        })
        .to("out", sink);
    running.set(tester.runDeterministic(pipeline));

    running.get().input().push("a");

    assertThat(running.get().isDone()).isTrue();
    PipelineReport report = running.get().report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    StageFailedException failure = report.failure().orElseThrow();
    assertThat(failure.getMessage()).contains("stage 'meddle'");
    assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
    return failure.getCause();
  }
}
