package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** divert and divertTo: a router node whose side output feeds a branch. */
class DivertTest {
  private final PipelineBuilder<Integer, Integer> start =
      Pipeline.named("orders").from("read", Source.of(1, 2, 3));
  private final Sink<Object> sink = record -> { };

  @Test
  void divertAddsARouterWhoseSideOutputFeedsTheBranch() {
    Pipeline<Integer> pipeline = start
        .divert("triage", x -> x > 100, b -> b.map("score", x -> x * 2).to("review", sink))
        .to("save", sink);

    StageDefinition router = pipeline.stage("triage");
    assertThat(router.kind()).isEqualTo(StageKind.ROUTE);
    assertThat(router.kind().isStage()).isTrue();
    assertThat(pipeline.stage("score").inputPorts())
        .containsExactly(new Port("triage", PipelineBuilder.DIVERTED));
    assertThat(pipeline.stage("save").inputPorts()).containsExactly(Port.main("triage"));
    assertThat(pipeline.edgesFrom("triage")).extracting(Edge::toString)
        .containsExactly("triage.diverted -> score", "triage -> save");
  }

  @Test
  void theRouterIsFusedLikeAFilterAndTakesTheSettingsOfTheStageAddedLast() {
    Pipeline<Integer> fused = start.divertTo("triage", x -> x > 100, "review", sink)
        .to("save", sink);
    assertThat(fused.isFused("triage")).isTrue();

    Pipeline<Integer> configured = start
        .divertTo("triage", x -> x > 100, "review", sink, Dispatch.batched(20))
        .withDispatch(Dispatch.batched(5)).withErrorPolicy(ErrorPolicy.skip())
        .to("save", sink);
    assertThat(configured.stage("triage").dispatch()).isEqualTo(Dispatch.batched(5));
    assertThat(configured.stage("triage").errorPolicy()).isEqualTo(ErrorPolicy.skip());
    assertThat(configured.stage("review").dispatch()).isEqualTo(Dispatch.batched(20));
    assertThat(configured.isFused("triage")).isFalse();
    assertThat(start.divertTo("triage", x -> true, "review", sink).ownThread().to("save", sink)
        .isFused("triage")).isFalse();
  }

  @Test
  void theRouterSendsMatchingRecordsToItsSideOutputAndTheOthersOn() throws Exception {
    Pipeline<Integer> pipeline = start.divertTo("triage", x -> x > 100, "review", sink)
        .to("save", sink);
    @SuppressWarnings("unchecked")
    Stage<Integer, Integer> router = (Stage<Integer, Integer>) pipeline.stage("triage").newStage();
    List<String> out = new ArrayList<>();
    Emitter<Integer> emitter = new Emitter<>() {
      @Override
      public void emit(Integer record) {
        out.add("main " + record);
      }

      @Override
      public <X> void emit(SideOutput<X> output, X record) {
        out.add(output.name() + " " + record);
      }
    };
    for (int record : List.of(5, 500, 7, 101)) {
      router.process(record, emitter);
    }
    assertThat(out).containsExactly("main 5", "diverted 500", "main 7", "diverted 101");
    assertThat(router).hasToString("route");
  }

  @Test
  void divertRejectsBadArgumentsNamingTheStage() {
    assertThatThrownBy(() -> start.divertTo("triage", null, "review", sink))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function of stage 'triage' must not be null");
    assertThatThrownBy(() -> start.divertTo("triage", x -> true, "review", null))
        .isInstanceOf(NullPointerException.class).hasMessage("sink 'review' must not be null");
    assertThatThrownBy(() -> start.divertTo("triage", x -> true, "review", sink, null))
        .hasMessage("dispatch of stage 'review' must not be null");
    assertThatThrownBy(() -> start.divertTo("triage", x -> true, "triage", sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders': duplicate stage name 'triage'");
    assertThatThrownBy(() -> start.divertTo("read", x -> true, "review", sink))
        .hasMessage("pipeline 'orders': duplicate stage name 'read'");
    assertThatThrownBy(() -> start.divert("triage", x -> true, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("branch function at [triage.diverted] must not be null");
    assertThatThrownBy(() -> start.divert("triage", x -> true, b -> start.to("other", sink)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the branch function at [triage.diverted] returned Pipeline "
            + "'orders' [read, other], which was not built from the builder it was given");
  }

  @Test
  void aDivertedBranchCanItselfBranchAndDivert() {
    Pipeline<Integer> pipeline = start
        .divert("big", x -> x > 100, b -> b
            .divertTo("huge", x -> x > 10_000, "alarm", sink)
            .alsoTo("audit", sink)
            .to("review", sink))
        .to("save", sink);
    assertThat(pipeline.edges()).extracting(Edge::toString).containsExactly("read -> big",
        "big.diverted -> huge", "huge.diverted -> alarm", "huge -> audit", "huge -> review",
        "big -> save");
  }
}
