package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** mergeWith: several inputs into one stage, diamonds, naming, and what a merge rejects. */
class MergeTest {
  private final Sink<Object> sink = record -> { };

  @Test
  void twoSourcesFeedOneStageAndThePipelineKeepsItsExplicitName() {
    Pipeline<Integer> pipeline = Pipeline.named("orders").from("shop", Source.of(1, 2))
        .mergeWith(Pipeline.from("web", Source.of("3")).map("parse", Integer::valueOf))
        .map("clean", x -> x)
        .to("save", sink);

    assertThat(pipeline.name()).isEqualTo("orders");
    assertThat(pipeline.stage("clean").inputPorts())
        .containsExactly(Port.main("shop"), Port.main("parse"));
    assertThat(pipeline.inputs()).extracting(StageDefinition::name).containsExactly("shop", "web");
    assertThat(pipeline.edges()).extracting(Edge::toString).containsExactly("web -> parse",
        "shop -> clean", "parse -> clean", "clean -> save");
    assertThat(pipeline.isFused("clean")).isFalse();
    assertThat(pipeline.isFused("parse")).isTrue();
  }

  @Test
  void aMergedPipelineIsNamedByTheReceiverUnlessOnlyAnOtherWasNamed() {
    PipelineBuilder<Integer, Integer> shop = Pipeline.from("shop", Source.of(1));
    PipelineBuilder<Integer, Integer> web = Pipeline.from("web", Source.of(2));
    PipelineBuilder<Integer, Integer> named = Pipeline.named("orders").from("app", Source.of(3));

    assertThat(shop.mergeWith(web).to("save", sink).name()).isEqualTo("shop");
    assertThat(shop.mergeWith(web, named).to("save", sink).name()).isEqualTo("orders");
    assertThat(named.mergeWith(shop).to("save", sink).name()).isEqualTo("orders");
    assertThatThrownBy(() -> named.mergeWith(Pipeline.named("other").from("x", Source.of(4))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mergeWith(...) joins pipeline 'orders' and pipeline 'other': name the merged "
            + "pipeline once");
  }

  @Test
  void aDiamondSharesTheStagesBeforeTheSplit() {
    PipelineBuilder<Integer, Integer> parsed = Pipeline.named("d").from("read", Source.of(1))
        .map("parse", x -> x);
    Pipeline<Integer> pipeline = parsed.filter("big", x -> x > 10)
        .mergeWith(parsed.filter("small", x -> x <= 10))
        .to("save", sink);

    assertThat(pipeline.stages()).extracting(StageDefinition::name)
        .containsExactly("read", "parse", "big", "small", "save");
    assertThat(pipeline.edges()).extracting(Edge::toString).containsExactly("read -> parse",
        "parse -> big", "parse -> small", "big -> save", "small -> save");
    assertThat(pipeline.isFused("save")).isFalse();
  }

  @Test
  void threeWayMergesAndMergesInsideBranches() {
    PipelineBuilder<Integer, Integer> a = Pipeline.named("m").from("a", Source.of(1));
    Pipeline<Integer> pipeline = a
        .mergeWith(Pipeline.from("b", Source.of(2)), Pipeline.from("c", Source.of(3)))
        .alsoTo(branch -> branch.mergeWith(Pipeline.from("d", Source.of(4))).to("all", sink))
        .to("save", sink);
    assertThat(pipeline.stage("all").inputPorts()).extracting(Port::toString)
        .containsExactly("a", "b", "c", "d");
    assertThat(pipeline.stage("save").inputPorts()).extracting(Port::toString)
        .containsExactly("a", "b", "c");

    Pipeline<Integer> outerReceives = a.map("x", v -> v)
        .alsoTo(branch -> Pipeline.from("e", Source.of(5)).mergeWith(branch).to("late", sink))
        .to("save", sink);
    assertThat(outerReceives.stage("late").inputPorts()).extracting(Port::toString)
        .containsExactly("e", "x");
  }

  @Test
  void twoDifferentStagesOfOneNameAreRejected() {
    PipelineBuilder<Integer, Integer> parsed = Pipeline.named("d").from("read", Source.of(1))
        .map("parse", x -> x);
    assertThatThrownBy(() -> parsed.mergeWith(parsed.withDispatch(Dispatch.batched(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'd': duplicate stage name 'parse' in mergeWith(...): the merged "
            + "builders hold two different stages of that name");
    assertThatThrownBy(() -> parsed.mergeWith(Pipeline.from("parse", Source.of(2))))
        .hasMessage("pipeline 'd': duplicate stage name 'parse' in mergeWith(...): the merged "
            + "builders hold two different stages of that name");
    assertThatThrownBy(() -> parsed.mergeWith(Pipeline.from("other", Source.of(2)))
        .map("parse", x -> x))
        .hasMessage("pipeline 'd': duplicate stage name 'parse'");
  }

  @Test
  void oneOutputIsJoinedOnce() {
    PipelineBuilder<Integer, Integer> parsed = Pipeline.named("d").from("read", Source.of(1))
        .map("parse", x -> x);
    assertThatThrownBy(() -> parsed.mergeWith(parsed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'd': mergeWith(...) joins port 'parse' twice: a stage reads each "
            + "port once");
    assertThatThrownBy(() -> parsed.mergeWith(null))
        .isInstanceOf(NullPointerException.class).hasMessage("builder to merge must not be null");
  }

  @Test
  void afterAMergeTheSettingsWaitForTheNextStage() {
    PipelineBuilder<Integer, Integer> merged = Pipeline.named("m").from("a", Source.of(1))
        .mergeWith(Pipeline.from("b", Source.of(2)));
    String since = " applies to the stage added last, and none was added since mergeWith(...) "
        + "joined a, b: add a stage first";
    assertThatThrownBy(() -> merged.withDispatch(Dispatch.batched(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline 'm': withDispatch(...)" + since);
    assertThatThrownBy(() -> merged.withErrorPolicy(ErrorPolicy.skip()))
        .hasMessage("pipeline 'm': withErrorPolicy(...)" + since);
    assertThatThrownBy(() -> merged.withRingSize(8))
        .hasMessage("pipeline 'm': withRingSize(...)" + since);
    assertThatThrownBy(merged::fused).hasMessage("pipeline 'm': fused()" + since);
    assertThatThrownBy(merged::ownThread).hasMessage("pipeline 'm': ownThread()" + since);

    PipelineBuilder<Integer, Integer> clean = merged.map("clean", x -> x).withRingSize(8);
    assertThat(clean.to("save", sink).stage("clean").options().ringSize()).isEqualTo(8);
    assertThatThrownBy(clean::fused).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'clean' reads from [a, b] and cannot be fused: only a stage with one "
            + "input can run on its thread");
    assertThatThrownBy(() -> merged.to("save", sink,
        StageOptions.defaults().withFusion(Fusion.FUSED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'm': stage 'save' reads from [a, b] and cannot be fused: only a "
            + "stage with one input can run on its thread");
  }

  @Test
  void aLiveInputStartsTheChainOthersMergeInto() {
    Pipeline<Integer> live = Pipeline.live("ticks", Integer.class)
        .mergeWith(Pipeline.from("replay", Source.of(1)))
        .to("save", sink);
    assertThat(live.isLive()).isTrue();
    assertThat(live.name()).isEqualTo("ticks");

    assertThatThrownBy(() -> Pipeline.from("replay", Source.of(1))
        .mergeWith(Pipeline.live("ticks", Integer.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'replay': live input 'ticks' cannot be merged into a chain from a "
            + "source: start with live(...) and merge the sources into it, so the pipeline's "
            + "input type is the live input's");
    assertThatThrownBy(() -> Pipeline.live("ticks", Integer.class)
        .mergeWith(Pipeline.live("clicks", Integer.class)).to("save", sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'ticks' has 2 live inputs [ticks, clicks]; one is supported: merge "
            + "what callers push before it");
  }
}
