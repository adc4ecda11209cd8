package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Dispatch#smart(int)}: a batched dispatch of its own, checked like the others. */
class SmartDispatchTest {
  @Test
  void smartBatchingIsBatchedWithoutAWaitAndSpellsItselfAsInTheDsl() {
    Dispatch smart = Dispatch.smart(256);
    assertThat(smart.isBatched()).isTrue();
    assertThat(smart.isSmart()).isTrue();
    assertThat(smart.maxSize()).isEqualTo(256);
    assertThat(smart.maxWait()).isEmpty();
    assertThat(smart.maxWaitNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(smart).hasToString("smart(256)");
    assertThat(Dispatch.batched(256).isSmart()).isFalse();
    assertThat(Dispatch.perRecord().isSmart()).isFalse();
  }

  @Test
  void smartBatchingEqualsOnlyTheSameSmartBatching() {
    assertThat(Dispatch.smart(8)).isEqualTo(Dispatch.smart(8))
        .hasSameHashCodeAs(Dispatch.smart(8))
        .isNotEqualTo(Dispatch.smart(9))
        .isNotEqualTo(Dispatch.batched(8));
  }

  @Test
  void aMaximumBelowOneIsRejectedNamingTheStage() {
    assertThatThrownBy(() -> Pipeline.named("p").from("read", Source.of(1))
        .to("save", record -> { }, Dispatch.smart(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'save': batch size must be at least 1 but was 0");
  }

  @Test
  void smartBatchingIsNotFusedByDefaultAndShowsInTheDescription() {
    Pipeline<Integer> pipeline = Pipeline.named("p").from("read", Source.of(1))
        .map("inc", (Integer x) -> x + 1).withDispatch(Dispatch.smart(64))
        .to("save", record -> { });
    assertThat(pipeline.isFused("inc")).isFalse();
    assertThat(pipeline.describe()).contains("smart(64)");
  }
}
