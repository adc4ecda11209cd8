package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakCheckTest {

  @Test
  void namesARunLeftGoingAndItsThreadsThenCancelsIt() {
    PipelineTester tester = PipelineTester.create();
    LeakCheck check = LeakCheck.start(Duration.ofMillis(50));
    RunningPipeline<Integer> run = tester.runOnRuntime(
        Pipeline.named("forgotten").from("in", TestSource.<Integer>create()).to("out", x -> { }));

    Leaks leaks = check.find(List.of(tester));

    assertThat(leaks.runs()).containsExactly("'forgotten' (runtime)");
    assertThat(leaks.threadNames()).containsExactly("sluice-forgotten-in", "sluice-forgotten-out");
    assertThat(leaks.describe()).contains("'forgotten' (runtime)", "sluice-forgotten-in");
    assertThat(run.isDone()).isTrue();
    assertThat(LeakCheck.aliveSluiceThreads()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("sluice-forgotten-"));
  }

  @Test
  void namesADeterministicRunLeftOpen() {
    PipelineTester tester = PipelineTester.create();
    LeakCheck check = LeakCheck.start();
    TestSource<Integer> source = TestSource.create();
    tester.runDeterministic(Pipeline.named("open").from("in", source).to("out", x -> { }));
    assertThatThrownBy(() -> check.assertNoLeaks(List.of(tester)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("'open' (deterministic)");
    assertThat(source.isClosed()).isTrue();
  }

  @Test
  void findsThreadsOfRunsItWasNotToldAboutButNotThoseAliveBeforeItStarted() {
    TestSource<Integer> olderSource = TestSource.create();
    RunningPipeline<Integer> older = Pipeline.named("older").from("in", olderSource)
        .to("out", x -> { }).start();
    LeakCheck check = LeakCheck.start(Duration.ofMillis(50));
    TestSource<Integer> newerSource = TestSource.create();
    RunningPipeline<Integer> newer = Pipeline.named("newer").from("in", newerSource)
        .to("out", x -> { }).start();
    try {
      assertThat(check.find(List.of()).threadNames())
          .containsExactly("sluice-newer-in", "sluice-newer-out");
    } finally {
      older.close();
      newer.close();
    }
    assertThat(check.find(List.of()).isEmpty()).isTrue();
  }

  @Test
  void aRunCancelledWithoutWaitingGetsTimeToEnd() {
    PipelineTester tester = PipelineTester.create();
    LeakCheck check = LeakCheck.start();
    RunningPipeline<Integer> run = tester.runOnRuntime(
        Pipeline.named("cancelled").from("in", TestSource.<Integer>create()).to("out", x -> { }));
    run.cancel(); // returns without waiting for the threads
    check.assertNoLeaks(List.of(tester));
  }

  @Test
  void aCleanTestHasNoLeaks() throws Exception {
    PipelineTester tester = PipelineTester.create();
    LeakCheck check = LeakCheck.start();
    TestSource<Integer> source = TestSource.create();
    try (RunningPipeline<Integer> run = tester.runOnRuntime(
        Pipeline.from("in", source).to("out", x -> { }))) {
      source.push(1).complete();
      run.awaitCompletion();
    }
    Leaks leaks = check.find(List.of(tester));
    assertThat(leaks.isEmpty()).isTrue();
    assertThat(leaks.describe()).isEqualTo("no leaks");
  }

  @Test
  void rejectsANegativeGrace() {
    assertThatThrownBy(() -> LeakCheck.start(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }
}
