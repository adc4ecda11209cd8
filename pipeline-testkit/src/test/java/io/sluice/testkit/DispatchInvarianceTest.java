package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchInvarianceTest {
  private static final List<Arrival<Integer>> ARRIVALS = List.of(
      new Arrival<>(Duration.ZERO, 1), new Arrival<>(Duration.ZERO, 2),
      new Arrival<>(Duration.ofMillis(80), 3), new Arrival<>(Duration.ZERO, 4),
      new Arrival<>(Duration.ofSeconds(1), 5));

  @Test
  void aStatelessPipelineGivesTheSameOutputUnderAnyDispatch() {
    DispatchInvariance.assertSameOutput(in -> in.map("inc", x -> x + 1).filter("odd", x -> x % 2 == 1),
        ARRIVALS, List.of(Dispatch.batched(2, Duration.ofMillis(50)), Dispatch.batched(3)));
    assertThat(DispatchInvariance.output(in -> in.map("inc", x -> x + 1), ARRIVALS,
        List.of(Dispatch.batched(2, Duration.ofMillis(50))))).containsExactly(2, 3, 4, 5, 6);
  }

  @Test
  void aPipelineWhoseOutputDependsOnItsBatchesIsCaught() {
    Stage<Integer, Integer> firstOfBatch = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        out.emit(record);
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<Integer> out) {
        out.emit(batch.get(0));
      }
    };
    assertThatThrownBy(() -> DispatchInvariance.assertSameOutput(
        in -> in.stage("first", firstOfBatch), ARRIVALS, List.of(Dispatch.batched(2))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("differs from perRecord() at position 1");
  }

  @Test
  void blueprintsCanBeRedispatchedStageByStage() {
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.of(1)).map("a", x -> x)
        .map("b", x -> x).to("out", x -> { });
    Pipeline<Integer> changed = Blueprints.withDispatches(pipeline,
        List.of(Dispatch.batched(2), Dispatch.perRecord()));
    assertThat(changed.stages()).extracting(s -> s.name() + " " + s.dispatch()).containsExactly(
        "in perRecord()", "a batched(2)", "b perRecord()", "out batched(2)");
    assertThat(pipeline.stage("a").dispatch()).isEqualTo(Dispatch.perRecord());
    assertThatThrownBy(() -> Blueprints.withDispatches(pipeline, List.of(Dispatch.batched(0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage 'a'");
    assertThatThrownBy(() -> Blueprints.withDispatches(pipeline, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
