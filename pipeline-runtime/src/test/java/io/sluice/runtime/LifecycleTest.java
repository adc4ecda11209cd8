package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  /** Remembers on which threads its lifecycle ran. */
  static final class Probe implements Stage<Integer, Integer> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void open(StageContext context) {
      events.add("open " + context.stageName() + " on " + Thread.currentThread().getName());
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      out.emit(record);
    }

    @Override
    public void close() {
      events.add("close on " + Thread.currentThread().getName());
    }
  }

  @Test
  void openAndCloseRunOnceOnTheStageThread() throws Exception {
    Probe probe = new Probe();
    Pipeline.named("life").from("read", Source.of(1, 2, 3))
        .stage("probe", probe)
        .to("save", r -> { })
        .run();
    assertThat(probe.events).containsExactly("open probe on sluice-life-probe",
        "close on sluice-life-probe");
  }

  @Test
  void aBlueprintRunsMoreThanOnceWithAFreshStagePerRunFromAFactory() throws Exception {
    AtomicInteger made = new AtomicInteger();
    RecordingSink<Integer> sink = new RecordingSink<>();
    Pipeline<Integer> pipeline = Pipeline.from("read", Source.of(1, 2, 3))
        .stage("count", () -> {
          made.incrementAndGet();
          return (Stage<Integer, Integer>) (record, out) -> out.emit(record * 10);
        })
        .to("save", sink, Dispatch.batched(2));

    PipelineReport first = pipeline.run();
    PipelineReport second = pipeline.run();

    assertThat(made).hasValue(2);
    assertThat(sink.records()).containsExactly(10, 20, 30, 10, 20, 30);
    assertThat(first.stage("save").received()).isEqualTo(3);
    assertThat(second.stage("save").received()).isEqualTo(3);
    assertThat(sink.opens).isEqualTo(2);
    assertThat(sink.closes).isEqualTo(2);
  }

  @Test
  void threadsAreNamedAfterPipelineAndTheStagesTheyRun() throws Exception {
    QueueSource<Integer> source = new QueueSource<>();
    try (RunningPipeline<Integer> run = Pipeline.named("orders").from("read", source)
        .map("clean", x -> x)                      // fused onto the source's thread
        .stage("enrich", (Integer x, Emitter<Integer> out) -> out.emit(x))
        .filter("valid", x -> true)                // fused onto enrich's thread
        .to("save", r -> { }).start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> SluiceThreads.alive().size() == 3);
      assertThat(SluiceThreads.alive()).containsExactly("sluice-orders-enrich+valid",
          "sluice-orders-read+clean", "sluice-orders-save");
      source.end();
      assertThat(run.awaitCompletion().stage("valid").kind()).isEqualTo(StageKind.FILTER);
    }
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void withoutFusionEveryStageHasAThreadNamedAfterIt() throws Exception {
    QueueSource<Integer> source = new QueueSource<>();
    try (RunningPipeline<Integer> run = Pipeline.named("orders").from("read", source)
        .map("clean", x -> x).ownThread().to("save", r -> { }).start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> SluiceThreads.alive().size() == 3);
      assertThat(SluiceThreads.alive()).containsExactly("sluice-orders-clean",
          "sluice-orders-read", "sluice-orders-save");
      source.end();
      assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    }
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void cancelStopsAtOnceAndClosesEveryStage() throws Exception {
    Probe probe = new Probe();
    Source<Integer> endless = out -> {
      out.emit(1);
      return true;
    };
    RunningPipeline<Integer> run = Pipeline.named("endless").from("read", endless)
        .stage("probe", probe).to("save", r -> { }).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> probe.events.size() == 1);
    run.cancel();
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(probe.events).hasSize(2).last().asString().startsWith("close");
    assertThat(run.isDone()).isTrue();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aPullPipelineHasNoLiveInputAndALivePipelineCannotBeRun() {
    RunningPipeline<Integer> run = Pipeline.from("read", Source.of(1)).to("save", r -> { })
        .start();
    assertThatThrownBy(run::input).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reads from source 'read'");
    run.close();
    assertThatThrownBy(() -> Pipeline.live("in", String.class).to("save", r -> { }).run())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("live input");
  }

  @Test
  void recordsKeepTheirOrderThroughEveryStage() throws Exception {
    List<Integer> input = IntStream.range(0, 200_000).boxed().toList();
    RecordingSink<Integer> sink = new RecordingSink<>();
    Pipeline.from("read", Source.fromIterable(input))
        .map("a", x -> x).ownThread().withRingSize(64)
        .filter("b", x -> true).withDispatch(Dispatch.batched(7))
        .flatMap("c", x -> List.of(x))
        .to("save", sink, Dispatch.batched(100, Duration.ofMillis(1)))
        .run();
    assertThat(sink.records()).isEqualTo(input);
  }

  /** A stage with a no-argument constructor, as in the README's {@code FxEnricher::new}. */
  static final class Doubler implements Stage<Integer, Integer> {
    @Override
    public void process(Integer record, Emitter<Integer> out) {
      out.emit(record * 2);
    }
  }

  @Test
  void aConstructorReferenceMakesAStagePerRun() throws Exception {
    RecordingSink<Integer> sink = new RecordingSink<>();
    Pipeline.from("read", Source.of(1, 2)).stage("double", Doubler::new).to("save", sink).run();
    assertThat(sink.records()).containsExactly(2, 4);
  }
}
