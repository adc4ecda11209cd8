package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Bad configuration is rejected when the blueprint is built, naming the stage and the value. */
class ConfigurationTest {
  private final PipelineBuilder<Integer, Integer> start =
      Pipeline.named("orders").from("read", Source.of(1, 2, 3));
  private final Sink<Object> sink = record -> { };

  @Test
  void batchSizeBelowOneIsRejected() {
    assertThatThrownBy(() -> start.to("save", sink, Dispatch.batched(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'save': batch size must be at least 1 but was 0");
    assertThatThrownBy(() -> start.map("m", x -> x).withDispatch(Dispatch.batched(-3)))
        .hasMessage("stage 'm': batch size must be at least 1 but was -3");
  }

  @Test
  void maxWaitThatIsNotPositiveOrAbsurdlyLargeIsRejected() {
    assertThatThrownBy(() -> start.to("save", sink, Dispatch.batched(10, Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'save': maxWait must be positive but was PT0S");
    assertThatThrownBy(() -> start.to("save", sink, Dispatch.batched(10, Duration.ofMillis(-5))))
        .hasMessage("stage 'save': maxWait must be positive but was PT-0.005S");
    assertThatThrownBy(() -> start.to("save", sink, Dispatch.batched(10, Duration.ofDays(400))))
        .hasMessage("stage 'save': maxWait must be at most PT24H but was PT9600H");
    // a missing maxWait is rejected where the dispatch meets its stage, like every other bound
    assertThatThrownBy(() -> start.to("save", sink, Dispatch.batched(10, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("stage 'save': the maxWait of Dispatch.batched(10, maxWait) must "
            + "not be null");
  }

  @Test
  void duplicateStageNamesAreRejected() {
    assertThatThrownBy(() -> start.map("clean", x -> x).map("clean", x -> x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders': duplicate stage name 'clean'");
    assertThatThrownBy(() -> start.to("read", sink))
        .hasMessage("pipeline 'orders': duplicate stage name 'read'");
  }

  @Test
  void nullFunctionsStagesAndSinksAreRejected() {
    assertThatThrownBy(() -> start.map("clean", (Function<Integer, Integer>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function of stage 'clean' must not be null");
    assertThatThrownBy(() -> start.filter("valid", null))
        .hasMessage("function of stage 'valid' must not be null");
    assertThatThrownBy(() -> start.flatMap("split", null))
        .hasMessage("function of stage 'split' must not be null");
    assertThatThrownBy(() -> start.stage("enrich", (Stage<Integer, Integer>) null))
        .hasMessage("stage 'enrich' must not be null");
    assertThatThrownBy(() -> start.to("save", (Sink<Integer>) null))
        .hasMessage("sink 'save' must not be null");
    assertThatThrownBy(() -> start.to("save", sink, (Dispatch) null))
        .hasMessage("dispatch of stage 'save' must not be null");
    assertThatThrownBy(() -> Pipeline.from("read", (Source<Integer>) null))
        .hasMessage("source of stage 'read' must not be null");
  }

  @Test
  void ringSizeThatIsNotAPowerOfTwoIsRejected() {
    assertThatThrownBy(() -> start.map("clean", x -> x).withRingSize(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'clean': ring size must be a power of two between 1 and 67108864 "
            + "but was 1000");
    assertThatThrownBy(() -> start.to("save", sink, StageOptions.defaults().withRingSize(0)))
        .hasMessage("stage 'save': ring size must be a power of two between 1 and 67108864 "
            + "but was 0");
    assertThatThrownBy(() -> start.withRingSize(64))
        .hasMessage("stage 'read' is the pipeline's input and has no ring of its own");
  }

  @Test
  void aPipelineWithoutSinkIsRejected() {
    Pipeline<Integer> complete = start.map("clean", x -> x).to("save", sink);
    List<StageDefinition> withoutSink = complete.stages().subList(0, 2);
    assertThatThrownBy(() -> Pipeline.of("orders", PipelineClock.system(), withoutSink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders' has no sink after stage 'clean': end it with to(...)");
    assertThatThrownBy(() -> Pipeline.of("orders", PipelineClock.system(), List.of()))
        .hasMessage("pipeline 'orders' has no stages");
  }

  @Test
  void invalidNamesAreRejected() {
    assertThatThrownBy(() -> start.map("has space", x -> x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stage name 'has space' is invalid");
    assertThatThrownBy(() -> Pipeline.named(""))
        .hasMessageStartingWith("pipeline name '' is invalid");
  }

  @Test
  void aBlueprintIsImmutableAndDescribesItself() {
    PipelineBuilder<Integer, Integer> cleaned = start.map("clean", x -> x);
    Pipeline<Integer> perRecord = cleaned.to("save", sink);
    Pipeline<Integer> batched = cleaned.to("save", sink,
        Dispatch.batched(500, Duration.ofMillis(200)));

    assertThat(perRecord.stage("save").dispatch()).isEqualTo(Dispatch.perRecord());
    assertThat(batched.stage("save").dispatch().maxWait()).contains(Duration.ofMillis(200));
    assertThat(batched.describe()).isEqualTo("""
        pipeline orders (3 stages, 2 threads)
          read   source                           thread 1
            |
            v
          clean  map      perRecord()             thread 1  fused
            |
            v
          save   sink     batched(500, 200ms)     thread 2  ring 4096
        """);
    assertThat(batched.stages()).extracting(StageDefinition::kind)
        .containsExactly(StageKind.SOURCE, StageKind.MAP, StageKind.SINK);
    assertThat(batched.stage("save").inputs()).containsExactly("clean");
    assertThatThrownBy(() -> batched.stages().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void dispatchSpellsItselfAsInTheDsl() {
    assertThat(Dispatch.perRecord()).hasToString("perRecord()");
    assertThat(Dispatch.batched(3)).hasToString("batched(3)");
    assertThat(Dispatch.batched(3, Duration.ofSeconds(90))).hasToString("batched(3, 1m30s)");
    assertThat(Dispatch.batched(3, Duration.ofNanos(1500))).hasToString("batched(3, 1500ns)");
    assertThat(Dispatch.batched(3)).isEqualTo(Dispatch.batched(3))
        .isNotEqualTo(Dispatch.batched(3, Duration.ofSeconds(1)));
  }

  @Test
  void withoutARunnerStartSaysWhatIsMissing() {
    assertThatThrownBy(() -> start.to("save", sink).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Sluice runner found: add io.sluice:pipeline-runtime");
  }
}
