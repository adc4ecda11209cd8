package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Edge;
import io.sluice.api.Pipeline;
import io.sluice.api.StageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A chain of per-record steps called directly, as fused on one thread: each step gets the record
 * path of its shape (a class of its own, shared by every chain of that shape), records reach each
 * stage in order, and every count is what the shared path would have counted.
 */
class RecordLinksTest {
  private final List<String> calls = new ArrayList<>();
  private final List<Integer> written = new ArrayList<>();

  private Pipeline<Integer> chain() {
    return Pipeline.named("links")
        .from("source", (io.sluice.api.Source<Integer>) out -> false)
        .map("plusOne", (Integer x) -> {
          calls.add("plusOne " + x);
          return x + 1;
        })
        .filter("even", x -> {
          calls.add("even " + x);
          return x % 2 == 0;
        })
        .map("tenfold", x -> {
          calls.add("tenfold " + x);
          return x * 10;
        })
        .to("sink", x -> {
          calls.add("sink " + x);
          written.add(x);
        });
  }

  private RunPlan connected(Pipeline<Integer> pipeline) {
    RunPlan plan = RunPlan.of(pipeline, new RunControl("links"), false);
    plan.connect(plan::direct);
    return plan;
  }

  @Test
  void aDirectChainCallsEachStageInOrderAndCountsExactly() {
    Pipeline<Integer> pipeline = chain();
    RunPlan plan = connected(pipeline);
    plan.steps().forEach(Step::open);
    for (int i = 0; i < 1000; i++) {
      plan.step("plusOne").accept(i);
    }
    List<String> expected = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      expected.add("plusOne " + i);
      expected.add("even " + (i + 1));
      if ((i + 1) % 2 == 0) {
        expected.add("tenfold " + (i + 1));
        expected.add("sink " + (i + 1) * 10);
        kept.add((i + 1) * 10);
      }
    }
    assertThat(calls).containsExactlyElementsOf(expected); // one record down the chain at a time
    assertThat(written).containsExactlyElementsOf(kept);
    assertCounts(plan.step("plusOne").tally(), 1000, 1000, 1000, 0);
    assertCounts(plan.step("even").tally(), 1000, 500, 500, 500);
    assertCounts(plan.step("tenfold").tally(), 500, 500, 500, 0);
    assertCounts(plan.step("sink").tally(), 500, 0, 500, 0);
    Map<String, Long> byEdgeTarget = new java.util.HashMap<>();
    for (Edge edge : pipeline.edges()) {
      byEdgeTarget.put(edge.to(), plan.edgeCount(edge).total());
    }
    assertThat(byEdgeTarget).containsEntry("even", 1000L).containsEntry("tenfold", 500L)
        .containsEntry("sink", 500L);
  }

  private static void assertCounts(Tally tally, long received, long emitted, long passedOn,
      long filtered) {
    assertThat(tally.received()).as("received").isEqualTo(received);
    assertThat(tally.emitted()).as("emitted").isEqualTo(emitted);
    assertThat(tally.passedOn()).as("passed on").isEqualTo(passedOn);
    assertThat(tally.filtered()).as("filtered").isEqualTo(filtered);
    assertThat(tally.stranded()).as("stranded").isZero();
  }

  @Test
  void eachShapeHasAClassOfItsOwnThatLaterRunsOfTheSameShapeShare() {
    Pipeline<Integer> pipeline = chain();
    RunPlan first = connected(pipeline);
    RunPlan second = connected(pipeline);
    List<Class<?>> classes = new ArrayList<>();
    for (Step step : first.steps()) {
      Class<?> type = step.path().getClass();
      assertThat(type.isHidden()).as("%s has a copy of its own", step.name()).isTrue();
      assertThat(second.step(step.name()).path().getClass()).as("the next run of %s",
          step.name()).isSameAs(type);
      classes.add(type);
    }
    // plusOne and tenfold are both maps, but hand their records to different shapes
    assertThat(classes).doesNotHaveDuplicates();
  }

  @Test
  void aStepDrivenAloneKeepsTheSharedPath() {
    Step step = new Step(StageKind.STAGE, (Integer x, io.sluice.api.Emitter<Integer> out) ->
        out.emit(x), new Context("p", "alone", Dispatch.perRecord(),
        io.sluice.api.PipelineClock.system()), new RunControl("p"));
    List<Object> out = new ArrayList<>();
    step.connect(out::add);
    step.accept(7);
    assertThat(step.path()).isExactlyInstanceOf(RecordLink.class);
    assertThat(out).containsExactly(7);
  }

  @Test
  void aChunkTakenWholeGoesThroughInOrderAndAFailureStrandsTheRest() {
    RunPlan plan = connected(Pipeline.named("chunk")
        .from("source", (io.sluice.api.Source<Integer>) out -> false)
        .map("failsOnThree", (Integer x) -> {
          if (x == 3) {
            throw new IllegalStateException("three");
          }
          calls.add("map " + x);
          return x;
        })
        .to("sink", x -> written.add(x)));
    plan.steps().forEach(Step::open);
    plan.step("failsOnThree").acceptAll(new Object[] {1, 2, 3, 4, 5}, 0, 5);
    assertThat(calls).containsExactly("map 1", "map 2");
    assertThat(written).containsExactly(1, 2);
    Tally tally = plan.step("failsOnThree").tally();
    assertThat(tally.received()).isEqualTo(5);
    assertThat(tally.passedOn()).isEqualTo(2);
    assertThat(tally.failed()).isEqualTo(1);
    assertThat(tally.stranded()).isEqualTo(2);
    assertThat(plan.control().hasFailed()).isTrue();
  }
}
