package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.spi.PipelineRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broadcasts (alsoTo) and side outputs: what they connect, and what they reject. */
class BranchTest {
  private static final SideOutput<String> ALERTS = SideOutput.of("alerts", String.class);

  private final PipelineBuilder<Integer, Integer> start =
      Pipeline.named("orders").from("read", Source.of(1, 2, 3));
  private final Sink<Object> sink = record -> { };
  private final Stage<Integer, Integer> check = (record, out) -> out.emit(record);

  private static List<String> edges(Pipeline<?> pipeline) {
    return pipeline.edges().stream().map(Edge::toString).toList();
  }

  @Test
  void alsoToAddsASinkOnTheCurrentOutputAndTheChainGoesOnFromTheSameStage() {
    Pipeline<Integer> pipeline = start.map("clean", x -> x)
        .alsoTo("audit", sink)
        .withDispatch(Dispatch.batched(10))
        .to("save", sink);

    assertThat(edges(pipeline)).containsExactly("read -> clean", "clean -> audit",
        "clean -> save");
    assertThat(pipeline.stage("clean").dispatch()).isEqualTo(Dispatch.batched(10));
    assertThat(pipeline.stage("audit").kind()).isEqualTo(StageKind.SINK);
    assertThat(pipeline.stage("audit").sharesInstance()).isTrue();
    assertThat(pipeline.edgesFrom("clean")).extracting(Edge::to).containsExactly("audit", "save");
  }

  @Test
  void alsoToTakesTheSinksSettings() {
    ErrorPolicy skip = ErrorPolicy.skip(3);
    Pipeline<Integer> pipeline = start
        .alsoTo("a", sink, Dispatch.batched(5))
        .alsoTo("b", sink, Dispatch.batched(7), skip)
        .alsoTo("c", sink, StageOptions.defaults().withRingSize(64))
        .to("save", sink);

    assertThat(pipeline.stage("a").dispatch()).isEqualTo(Dispatch.batched(5));
    assertThat(pipeline.stage("b").dispatch()).isEqualTo(Dispatch.batched(7));
    assertThat(pipeline.stage("b").errorPolicy()).isEqualTo(skip);
    assertThat(pipeline.stage("c").options().ringSize()).isEqualTo(64);
    assertThat(pipeline.stages()).extracting(StageDefinition::name)
        .containsExactly("read", "a", "b", "c", "save");
  }

  @Test
  void alsoToRejectsBadArgumentsNamingTheSink() {
    assertThatThrownBy(() -> start.alsoTo("audit", (Sink<Integer>) null))
        .isInstanceOf(NullPointerException.class).hasMessage("sink 'audit' must not be null");
    assertThatThrownBy(() -> start.alsoTo("audit", sink, Dispatch.batched(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'audit': batch size must be at least 1 but was 0");
    assertThatThrownBy(() -> start.alsoTo("audit", sink, Dispatch.perRecord(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("error policy of stage 'audit' must not be null");
    assertThatThrownBy(() -> start.alsoTo("audit", sink, (StageOptions) null))
        .hasMessage("options of stage 'audit' must not be null");
    assertThatThrownBy(() -> start.alsoTo("read", sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders': duplicate stage name 'read'");
    assertThatThrownBy(() -> start.alsoTo("bad name", sink))
        .hasMessageStartingWith("stage name 'bad name' is invalid");
  }

  @Test
  void aBranchFunctionBuildsSeveralStagesOnTheSameOutput() {
    Pipeline<Integer> pipeline = start.map("clean", x -> x)
        .alsoTo(b -> b.filter("big", x -> x > 100).map("format", String::valueOf)
            .to("audit", sink))
        .filter("valid", x -> x > 0)
        .to("save", sink);

    assertThat(edges(pipeline)).containsExactly("read -> clean", "clean -> big", "big -> format",
        "format -> audit", "clean -> valid", "valid -> save");
    assertThat(pipeline.isFused("big")).isTrue();
    assertThat(pipeline.isFused("valid")).isTrue();
  }

  @Test
  void branchesNestAndStageNamesAreUniqueAcrossAllOfThem() {
    Pipeline<Integer> pipeline = start
        .alsoTo(b -> b.map("outer", x -> x)
            .alsoTo(inner -> inner.to("deep", sink))
            .to("outerSink", sink))
        .to("save", sink);
    assertThat(edges(pipeline)).containsExactly("read -> outer", "outer -> deep",
        "outer -> outerSink", "read -> save");

    assertThatThrownBy(() -> start.alsoTo(b -> b.map("clean", x -> x).to("audit", sink))
        .map("clean", x -> x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders': duplicate stage name 'clean'");
    assertThatThrownBy(() -> start.map("clean", x -> x)
        .alsoTo(b -> b.map("clean", x -> x).to("audit", sink)))
        .hasMessage("pipeline 'orders': duplicate stage name 'clean'");
    assertThatThrownBy(() -> start.alsoTo(b -> b.alsoTo(c -> c.to("x", sink)).to("x", sink)))
        .hasMessage("pipeline 'orders': duplicate stage name 'x'");
  }

  @Test
  void aBranchResultIsNotABlueprint() {
    List<Pipeline<Integer>> escaped = new ArrayList<>();
    start.alsoTo(b -> {
      Pipeline<Integer> end = b.to("audit", sink);
      escaped.add(end);
      return end;
    }).to("save", sink);
    Pipeline<Integer> branch = escaped.get(0);

    String message = "pipeline 'orders': this is a branch of an unfinished pipeline, returned by "
        + "to(...) inside a branch function; it runs as part of the pipeline it branches from, "
        + "which the main chain's to(...) returns";
    assertThat(branch.name()).isEqualTo("orders");
    assertThat(branch).hasToString("Branch of unfinished pipeline 'orders' [read, audit]");
    assertThatThrownBy(branch::start).isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
    assertThatThrownBy(branch::run).isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
    assertThatThrownBy(branch::describe).hasMessage(message);
    assertThatThrownBy(branch::describeMermaid).hasMessage(message);
    assertThatThrownBy(branch::stages).hasMessage(message);
    assertThatThrownBy(branch::edges).hasMessage(message);
    assertThatThrownBy(() -> branch.isFused("audit")).hasMessage(message);
    assertThatThrownBy(() -> branch.withName("other")).hasMessage(message);
    assertThatThrownBy(() -> branch.withClock(PipelineClock.system())).hasMessage(message);
    assertThatThrownBy(() -> branch.start(new PipelineRunner() {
      @Override
      public String name() {
        return "unreachable";
      }

      @Override
      public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
        throw new AssertionError("the runner must not be reached");
      }
    })).hasMessage(message);
  }

  @Test
  void aBranchFunctionMustReturnWhatItsOwnBuilderBuilt() {
    Pipeline<Integer> finished = start.to("other", sink);
    assertThatThrownBy(() -> start.alsoTo(b -> finished))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the branch function at [read] returned Pipeline 'orders' [read, other], "
            + "which was not built from the builder it was given: return what to(...) returns "
            + "on that builder");
    List<Pipeline<Integer>> first = new ArrayList<>();
    start.alsoTo(b -> {
      first.add(b.to("audit", sink));
      return first.get(0);
    });
    assertThatThrownBy(() -> start.map("m", x -> x).alsoTo(b -> first.get(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the branch function at [m] returned Branch of unfinished "
            + "pipeline 'orders' [read, audit], which was not built from the builder it was given");
    assertThatThrownBy(() -> start.alsoTo(b -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("the pipeline returned by the branch function at [read] must not be null");
    assertThatThrownBy(() -> start.alsoTo(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("branch function at [read] must not be null");
  }

  @Test
  void aBranchBuilderHasNoStageAddedLastUntilItAddsOne() {
    assertThatThrownBy(() -> start.map("clean", x -> x)
        .alsoTo(b -> b.withDispatch(Dispatch.batched(5)).to("audit", sink)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline 'orders': withDispatch(...) applies to the stage added last, and "
            + "none was added since the branch started at clean: add a stage first");
    assertThatThrownBy(() -> start.alsoTo(b -> b.fused().to("audit", sink)))
        .hasMessage("pipeline 'orders': fused() applies to the stage added last, and none was "
            + "added since the branch started at read: add a stage first");
    Pipeline<Integer> pipeline = start
        .alsoTo(b -> b.map("m", x -> x).ownThread().to("audit", sink))
        .to("save", sink);
    assertThat(pipeline.isFused("m")).isFalse();
  }

  @Test
  void sideOutputToConnectsASideOutputOfTheStageAddedLast() {
    Pipeline<Integer> pipeline = start
        .stage("check", check)
        .sideOutputTo(ALERTS, "page", sink)
        .sideOutputTo(ALERTS, "log", sink, Dispatch.batched(50))
        .sideOutputTo(ALERTS, "mail", sink, Dispatch.batched(2), ErrorPolicy.skip())
        .sideOutputTo(ALERTS, "archive", sink, StageOptions.defaults().withRingSize(8))
        .withRingSize(256)
        .to("save", sink);

    assertThat(pipeline.stage("page").inputPorts()).containsExactly(new Port("check", "alerts"));
    assertThat(pipeline.stage("log").dispatch()).isEqualTo(Dispatch.batched(50));
    assertThat(pipeline.stage("mail").errorPolicy()).isEqualTo(ErrorPolicy.skip());
    assertThat(pipeline.stage("archive").options().ringSize()).isEqualTo(8);
    assertThat(pipeline.stage("check").options().ringSize()).isEqualTo(256);
    assertThat(edges(pipeline)).containsExactly("read -> check", "check.alerts -> page",
        "check.alerts -> log", "check.alerts -> mail", "check.alerts -> archive",
        "check -> save");
  }

  @Test
  void sideOutputSendsASideOutputToABranch() {
    Pipeline<Integer> pipeline = start
        .stage("check", check)
        .sideOutput(ALERTS, b -> b.map("format", String::length).to("page", sink))
        .sideOutput(ALERTS, b -> b.to("log", sink))
        .to("save", sink);

    assertThat(edges(pipeline)).containsExactly("read -> check", "check.alerts -> format",
        "format -> page", "check.alerts -> log", "check -> save");
    assertThat(pipeline.isFused("format")).isTrue();
  }

  @Test
  void sideOutputsRejectInputsRoutersMergesAndASecondTypeForOneName() {
    assertThatThrownBy(() -> start.sideOutputTo(ALERTS, "page", sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'read' is an input of the pipeline and has no side outputs: a source "
            + "emits to its main output only");
    assertThatThrownBy(() -> start.divertTo("triage", x -> x > 1, "review", sink)
        .sideOutput(ALERTS, b -> b.to("page", sink)))
        .hasMessage("stage 'triage' is a divert(...) router: its only side output is 'diverted', "
            + "connected by divert itself");
    assertThatThrownBy(() -> start.mergeWith(Pipeline.from("web", Source.of(4)))
        .sideOutputTo(ALERTS, "page", sink))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline 'orders': sideOutputTo(...) applies to the stage added last, and "
            + "none was added since mergeWith(...) joined read, web: add a stage first");
    SideOutput<Integer> sameNameOtherType = SideOutput.of("alerts", Integer.class);
    assertThatThrownBy(() -> start.stage("check", check)
        .sideOutputTo(ALERTS, "page", sink)
        .sideOutputTo(sameNameOtherType, "count", sink))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'check': side output 'alerts' is connected with type java.lang.String "
            + "and with type java.lang.Integer: one name, one type");
    assertThatThrownBy(() -> start.stage("check", check).sideOutputTo(null, "page", sink))
        .isInstanceOf(NullPointerException.class).hasMessage("side output must not be null");
    assertThatThrownBy(() -> start.stage("check", check).sideOutputTo(ALERTS, "page", null))
        .isInstanceOf(NullPointerException.class).hasMessage("sink 'page' must not be null");
    assertThatThrownBy(() -> start.stage("check", check).sideOutputTo(ALERTS, "check", sink))
        .hasMessage("pipeline 'orders': duplicate stage name 'check'");
  }

  @Test
  void withoutAStageAddedLastASideOutputCannotBeConnected() {
    assertThatThrownBy(() -> start.stage("check", check)
        .alsoTo(b -> b.sideOutputTo(ALERTS, "page", sink).to("audit", sink)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline 'orders': sideOutputTo(...) applies to the stage added last, and "
            + "none was added since the branch started at check: add a stage first");
  }

  @Test
  void theLinearDslIsUnchanged() {
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.of(1)).map("m", x -> x)
        .to("out", sink);
    assertThat(pipeline.name()).isEqualTo("in");
    assertThat(edges(pipeline)).containsExactly("in -> m", "m -> out");
    assertThat(pipeline.inputs()).extracting(StageDefinition::name).containsExactly("in");
  }
}
