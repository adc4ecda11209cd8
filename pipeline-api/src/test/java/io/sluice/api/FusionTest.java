package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fusion rule, the DSL settings that override it, and how describe() shows the threads. */
class FusionTest {
  private final PipelineBuilder<Integer, Integer> start =
      Pipeline.named("orders").from("read", Source.of(1, 2, 3));
  private final Stage<Integer, Integer> same = (record, out) -> out.emit(record);
  private final Sink<Object> sink = record -> { };

  @Test
  void byDefaultPerRecordFunctionsAreFusedAndEverythingElseHasItsOwnThread() {
    Pipeline<Integer> pipeline = start
        .map("m", x -> x)
        .filter("f", x -> true)
        .flatMap("fm", x -> List.of(x))
        .stage("s", same)
        .map("batchedMap", x -> x).withDispatch(Dispatch.batched(10))
        .map("afterBatched", x -> x)
        .to("save", sink);

    assertThat(pipeline.stages()).extracting(s -> s.name() + "=" + pipeline.isFused(s.name()))
        .containsExactly("read=false", "m=true", "f=true", "fm=true", "s=false",
            "batchedMap=false", "afterBatched=true", "save=false");
    assertThat(pipeline.stage("m").options().fusion()).isEqualTo(Fusion.AUTO);
  }

  @Test
  void fusedAndOwnThreadOverrideTheRuleForTheStageAddedLast() {
    Pipeline<Integer> pipeline = start
        .map("m", x -> x).ownThread()
        .stage("s", same).fused()
        .stage("batched", same, Dispatch.batched(5, Duration.ofMillis(10))).fused()
        .to("save", sink, StageOptions.defaults().withFusion(Fusion.FUSED));

    assertThat(pipeline.stages()).extracting(s -> s.name() + "=" + pipeline.isFused(s.name()))
        .containsExactly("read=false", "m=false", "s=true", "batched=true", "save=true");
    assertThat(pipeline.stage("m").options().fusion()).isEqualTo(Fusion.OWN_THREAD);
    assertThat(pipeline.stage("save").options().fusion()).isEqualTo(Fusion.FUSED);
  }

  @Test
  void aStageAfterALiveInputIsNeverFusedAndCannotBeAskedToBe() {
    PipelineBuilder<Integer, Integer> live = Pipeline.live("ticks", Integer.class);
    Pipeline<Integer> pipeline = live.map("m", x -> x).map("n", x -> x).to("save", sink);
    assertThat(pipeline.isFused("ticks")).isFalse();
    assertThat(pipeline.isFused("m")).isFalse();
    assertThat(pipeline.isFused("n")).isTrue();

    assertThatThrownBy(() -> live.map("m", x -> x).fused())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'm' cannot be fused: it reads from live input 'ticks', which has no "
            + "thread of its own (callers push its records)");
    assertThatThrownBy(() -> live.to("save", sink,
            StageOptions.defaults().withFusion(Fusion.FUSED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'ticks': stage 'save' cannot be fused: it reads from live input "
            + "'ticks', which has no thread of its own (callers push its records)");
  }

  @Test
  void theInputTakesNoFusionSetting() {
    assertThatThrownBy(start::fused).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'read' is the pipeline's input; fused() applies to a stage after it");
    assertThatThrownBy(start::ownThread).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'read' is the pipeline's input; ownThread() applies to a stage after "
            + "it");
    assertThatThrownBy(() -> start.to("save", sink).isFused("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders' has no stage 'nope'");
  }

  @Test
  void optionsCarryTheSettingInEqualityAndText() {
    StageOptions fused = StageOptions.defaults().withFusion(Fusion.FUSED);
    assertThat(fused).isEqualTo(StageOptions.defaults().withFusion(Fusion.FUSED))
        .isNotEqualTo(StageOptions.defaults())
        .hasSameHashCodeAs(StageOptions.defaults().withFusion(Fusion.FUSED));
    assertThat(fused.withDispatch(Dispatch.batched(3)).fusion()).isEqualTo(Fusion.FUSED);
    assertThat(fused).hasToString("perRecord(), ring 4096, fused");
    assertThat(StageOptions.defaults().withFusion(Fusion.OWN_THREAD))
        .hasToString("perRecord(), ring 4096, own thread");
    assertThat(StageOptions.defaults()).hasToString("perRecord(), ring 4096");
    assertThatThrownBy(() -> StageOptions.defaults().withFusion(null))
        .isInstanceOf(NullPointerException.class).hasMessage("fusion must not be null");
  }

  @Test
  void describeNumbersTheThreadsAndMarksFusedStages() {
    Pipeline<Integer> pipeline = start
        .map("clean", x -> x)
        .stage("enrich", same).withRingSize(1024)
        .filter("valid", x -> x > 0)
        .to("save", sink, Dispatch.batched(100));
    assertThat(pipeline.describe()).isEqualTo("""
        pipeline orders (5 stages, 3 threads)
          read    source                           thread 1
            |
            v
          clean   map      perRecord()             thread 1  fused
            |
            v
          enrich  stage    perRecord()             thread 2  ring 1024
            |
            v
          valid   filter   perRecord()             thread 2  fused
            |
            v
          save    sink     batched(100)            thread 3  ring 4096
        """);
  }

  @Test
  void describeGivesALiveInputNoThread() {
    Pipeline<Integer> pipeline = Pipeline.live("in", Integer.class)
        .map("m", x -> x).to("save", sink, StageOptions.defaults().withFusion(Fusion.FUSED));
    assertThat(pipeline.describe()).isEqualTo("""
        pipeline in (3 stages, 1 thread)
          in    live
            |
            v
          m     map      perRecord()             thread 1  ring 4096
            |
            v
          save  sink     perRecord()             thread 1  fused
        """);
  }
}
