package io.sluice.testkit.jqwik;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Stage;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSource;
import io.sluice.testkit.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** Property containers run by {@link SluiceLeakHookTest} through the JUnit Platform test kit. */
final class HookFixtures {
  private HookFixtures() {}

  /** Leaves a runtime run going. */
  @SluiceProperties
  @AddLifecycleHook(OnlyWhenRequested.class)
  static class LeaksARun {
    @Property
    void forgetsToClose(PipelineTester tester) {
      tester.runOnRuntime(Pipeline.named("leaky-prop").from("in", TestSource.<Integer>create())
          .to("out", x -> { }));
    }
  }

  /** Leaves a deterministic run open on every try; falsified on the first. */
  @SluiceProperties
  @AddLifecycleHook(OnlyWhenRequested.class)
  static class LeavesRunsOpen {
    @Property(tries = 5)
    void forgetsToComplete(@ForAll int any, PipelineTester tester) {
      tester.runDeterministic(Pipeline.named("open-prop").from("in", TestSource.<Integer>create())
          .to("out", x -> { }));
    }
  }

  /** Records what is injected per try; ends every run. */
  @SluiceProperties
  @AddLifecycleHook(OnlyWhenRequested.class)
  static class Injection {
    static final List<PipelineTester> SEEN = new ArrayList<>();

    @Property(tries = 7)
    void freshTesterPerTry(@ForAll int any, PipelineTester tester, VirtualClock clock)
        throws Exception {
      assertThat(clock).isSameAs(tester.clock());
      TestSource<Integer> source = TestSource.create();
      try (RunningPipeline<Integer> run = tester.runOnRuntime(
          Pipeline.from("in", source).to("out", x -> { }))) {
        source.push(any).complete();
        run.awaitCompletion();
      }
      SEEN.add(tester);
    }
  }

  /** A pipeline whose output depends on its batches: the ready-made property must catch it. */
  @AddLifecycleHook(OnlyWhenRequested.class)
  static class BatchSensitive extends StatelessPipelineProperties<Integer, Integer> {
    @Override
    protected PipelineBuilder<Integer, Integer> stages(PipelineBuilder<Integer, Integer> input) {
      return input.stage("count", new Stage<Integer, Integer>() {
        @Override
        public void process(Integer record, io.sluice.api.Emitter<Integer> out) {
          out.emit(1);
        }

        @Override
        public void processBatch(List<Integer> batch, io.sluice.api.Emitter<Integer> out) {
          out.emit(batch.size()); // one count per batch, not per record
        }
      });
    }

    @Override
    protected Arbitrary<Integer> records() {
      return Arbitraries.integers();
    }
  }
}
