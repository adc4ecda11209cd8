package io.sluice.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.testkit.DeterministicRun;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSource;
import io.sluice.testkit.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Test classes run by {@link SluiceExtensionTest} through the JUnit Platform test kit. */
final class ExtensionFixtures {
  private ExtensionFixtures() {}

  /** Forgets to end a runtime run started through the injected tester. */
  @SluiceTest
  @ExtendWith(OnlyInEngineTestKit.class)
  static class LeaksARuntimeRun {
    @Test
    void forgetsToClose(PipelineTester tester) {
      tester.runOnRuntime(Pipeline.named("leaky").from("in", TestSource.<Integer>create())
          .to("out", x -> { }));
    }
  }

  /** Starts a run behind the tester's back and leaves it going; the test closes it afterwards. */
  @SluiceTest
  @ExtendWith(OnlyInEngineTestKit.class)
  static class LeaksThreads {
    static RunningPipeline<Integer> started;

    @Test
    void startsWithoutTheTester() {
      started = Pipeline.named("stray").from("in", TestSource.<Integer>create())
          .to("out", x -> { }).start();
    }
  }

  /** Leaves a deterministic run open. */
  @SluiceTest
  @ExtendWith(OnlyInEngineTestKit.class)
  static class LeavesADeterministicRunOpen {
    @Test
    void forgetsToComplete(PipelineTester tester) {
      tester.runDeterministic(Pipeline.named("unfinished").from("in", TestSource.<Integer>create())
          .to("out", x -> { }));
    }
  }

  /** Ends everything it starts; one test cancels without waiting, which is no leak. */
  @SluiceTest
  @ExtendWith(OnlyInEngineTestKit.class)
  static class Clean {
    @Test
    void closesItsRun(PipelineTester tester) throws Exception {
      TestSource<Integer> source = TestSource.create();
      try (RunningPipeline<Integer> run = tester.runOnRuntime(
          Pipeline.named("tidy").from("in", source).to("out", x -> { }))) {
        source.push(1).complete();
        run.awaitCompletion();
      }
    }

    @Test
    void cancelsItsRun(PipelineTester tester) {
      tester.runOnRuntime(Pipeline.named("cancelled").from("in", TestSource.<Integer>create())
          .to("out", x -> { })).cancel();
    }
  }

  /** Records what the extension injects, so the test can check scoping. */
  @SluiceTest
  @ExtendWith(OnlyInEngineTestKit.class)
  static class Injection {
    static final List<Object> SEEN = new ArrayList<>();
    private PipelineTester fromBeforeEach;

    @BeforeEach
    void setUp(PipelineTester tester) {
      fromBeforeEach = tester;
    }

    @Test
    void first(PipelineTester tester, VirtualClock clock) {
      check(tester, clock);
    }

    @Test
    void second(PipelineTester tester, VirtualClock clock) {
      check(tester, clock);
    }

    private void check(PipelineTester tester, VirtualClock clock) {
      assertThat(tester).isSameAs(fromBeforeEach);
      assertThat(clock).isSameAs(tester.clock());
      DeterministicRun<Integer> run = tester.runDeterministic(
          Pipeline.from("in", TestSource.<Integer>create()).to("out", x -> { }));
      run.close();
      SEEN.add(tester);
    }
  }
}
