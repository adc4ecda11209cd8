package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What Pipeline.of checks on definitions made without the DSL, and how it orders them. */
class GraphValidationTest {
  private static final Stage<Object, Object> SAME = (record, out) -> out.emit(record);
  private static final Sink<Object> SINK = record -> { };

  private static StageDefinition source(String name) {
    return StageDefinition.of(name, StageKind.SOURCE, StageOptions.defaults(), List.of(),
        () -> Source.of(1), false);
  }

  private static StageDefinition live(String name) {
    return StageDefinition.of(name, StageKind.LIVE_INPUT, StageOptions.defaults(), List.of(),
        () -> Integer.class, true);
  }

  private static StageDefinition node(String name, StageKind kind, Port... inputs) {
    Object instance = kind.isSink() ? SINK : SAME;
    return StageDefinition.of(name, kind, StageOptions.defaults(), List.of(inputs[0].stage()),
        () -> instance, true).withInputPorts(List.of(inputs));
  }

  private static Pipeline<Object> of(StageDefinition... stages) {
    return Pipeline.of("p", PipelineClock.system(), List.of(stages));
  }

  @Test
  void aCycleIsRejectedNamingItsStagesInFlowOrder() {
    assertThatThrownBy(() -> of(source("read"),
        node("b", StageKind.MAP, Port.main("a")),
        node("a", StageKind.STAGE, Port.main("read"), Port.main("b")),
        node("save", StageKind.SINK, Port.main("b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'p' has a cycle: a -> b -> a");
  }

  @Test
  void aMainOutputFeedingNothingIsRejectedEvenWhenASideOutputIsConnected() {
    assertThatThrownBy(() -> of(source("read"),
        node("check", StageKind.STAGE, Port.main("read")),
        node("page", StageKind.SINK, new Port("check", "alerts"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'p' has no sink after stage 'check': end it with to(...)");
  }

  @Test
  void aBranchWithoutASinkIsRejected() {
    assertThatThrownBy(() -> of(source("read"),
        node("clean", StageKind.MAP, Port.main("read")),
        node("save", StageKind.SINK, Port.main("clean")),
        node("dangling", StageKind.FILTER, Port.main("clean"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'p' has no sink after stage 'dangling': end it with to(...)");
  }

  @Test
  void aSinkFeedingAnotherStageIsRejected() {
    assertThatThrownBy(() -> of(source("read"),
        node("save", StageKind.SINK, Port.main("read")),
        node("after", StageKind.SINK, Port.main("save"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'p': sink 'save' cannot feed other stages (stage 'after' reads "
            + "from it)");
  }

  @Test
  void twoLiveInputsAndUnknownInputsAreRejected() {
    assertThatThrownBy(() -> of(live("ticks"), live("clicks"),
        node("save", StageKind.SINK, Port.main("ticks"), Port.main("clicks"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'p' has 2 live inputs [ticks, clicks]; one is supported: merge "
            + "what callers push before it");
    assertThatThrownBy(() -> of(source("read"),
        node("save", StageKind.SINK, Port.main("read"), Port.main("ghost"))))
        .hasMessage("pipeline 'p': stage 'save' reads from 'ghost', which is not a stage of the "
            + "pipeline");
    assertThatThrownBy(() -> of(source("read"), source("read")))
        .hasMessage("pipeline 'p': duplicate stage name 'read'");
  }

  @Test
  void definitionsInAnyOrderAreOrderedSoThatEveryStageFollowsItsInputs() {
    Pipeline<Object> pipeline = of(
        node("save", StageKind.SINK, Port.main("big"), Port.main("small")),
        node("big", StageKind.FILTER, Port.main("parse")),
        node("small", StageKind.FILTER, Port.main("parse")),
        node("parse", StageKind.MAP, Port.main("read")),
        source("read"));
    assertThat(pipeline.stages()).extracting(StageDefinition::name)
        .containsExactly("read", "parse", "big", "small", "save");
    assertThat(pipeline.edges()).extracting(Edge::toString).containsExactly("read -> parse",
        "parse -> big", "parse -> small", "big -> save", "small -> save");
  }

  @Test
  void aBlueprintBuiltWithTheDslPassesTheSameChecksAgain() {
    SideOutput<String> alerts = SideOutput.of("alerts", String.class);
    Pipeline<Integer> built = Pipeline.named("p").from("read", Source.of(1))
        .stage("check", (Integer x, Emitter<Integer> out) -> out.emit(x))
        .sideOutputTo(alerts, "page", SINK)
        .divert("triage", x -> x > 1, b -> b.to("review", SINK))
        .to("save", SINK);
    Pipeline<Object> again = Pipeline.of("p", PipelineClock.system(), built.stages());
    assertThat(again.edges()).isEqualTo(built.edges());
    assertThat(again.stages()).isEqualTo(built.stages());
  }
}
