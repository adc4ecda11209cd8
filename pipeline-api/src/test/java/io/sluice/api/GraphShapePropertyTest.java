package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Random graph shapes built through the DSL (chains, broadcasts, branches, side outputs, diverts,
 * merges of other sources, diamonds) against a model of the edges each call should add.
 */
class GraphShapePropertyTest {
  private static final SideOutput<Integer> SIDE = SideOutput.of("side", Integer.class);
  private static final Sink<Object> SINK = record -> { };
  private static final Stage<Integer, Integer> SAME = (record, out) -> out.emit(record);

  /** The edges the DSL calls should make, and where the chain is. */
  private static final class Model {
    private final Set<String> nodes = new LinkedHashSet<>(List.of("src0"));
    private final Set<String> edges = new LinkedHashSet<>();
    private List<String> cursor = List.of("src0");

    String name(String prefix) {
      String name = prefix + nodes.size();
      nodes.add(name);
      return name;
    }

    void read(String node, List<String> ports) {
      ports.forEach(port -> edges.add(port + " -> " + node));
    }
  }

  @Property(tries = 300)
  void everyShapeIsAcceptedOrderedAndHasExactlyTheEdgesOfItsCalls(
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 7) Integer> calls) {
    Model model = new Model();
    PipelineBuilder<Integer, Integer> chain = Pipeline.named("shape").from("src0", Source.of(1));
    for (int call : calls) {
      chain = apply(call, chain, model);
    }
    String end = model.name("end");
    Pipeline<Integer> pipeline = chain.to(end, SINK);
    model.read(end, model.cursor);

    List<String> order = pipeline.stages().stream().map(StageDefinition::name).toList();
    assertThat(order).containsExactlyInAnyOrderElementsOf(model.nodes);
    for (StageDefinition stage : pipeline.stages()) {
      assertThat(stage.inputs()).allSatisfy(input ->
          assertThat(order.indexOf(input)).isLessThan(order.indexOf(stage.name())));
    }
    List<String> edges = pipeline.edges().stream().map(Edge::toString).toList();
    assertThat(edges).containsExactlyInAnyOrderElementsOf(model.edges);

    Pipeline<Object> again = Pipeline.of("shape", PipelineClock.system(), pipeline.stages());
    assertThat(again.edges()).isEqualTo(pipeline.edges());
    assertThat(pipeline.describe()).startsWith("pipeline shape (" + order.size() + " stages, ");
    assertThat(pipeline.describeMermaid().lines().filter(line -> line.contains("-->")))
        .hasSize(edges.size());
  }

  private static PipelineBuilder<Integer, Integer> apply(int call,
      PipelineBuilder<Integer, Integer> chain, Model model) {
    List<String> at = model.cursor;
    switch (call) {
      case 0 -> {
        String map = model.name("map");
        model.read(map, at);
        model.cursor = List.of(map);
        return chain.map(map, x -> x + 1);
      }
      case 1 -> {
        String filter = model.name("filter");
        model.read(filter, at);
        model.cursor = List.of(filter);
        return chain.filter(filter, x -> x > 0);
      }
      case 2 -> {
        String also = model.name("also");
        model.read(also, at);
        return chain.alsoTo(also, SINK);
      }
      case 3 -> {
        String map = model.name("branchMap");
        String sink = model.name("branchSink");
        model.read(map, at);
        model.read(sink, List.of(map));
        return chain.alsoTo(b -> b.map(map, x -> x).to(sink, SINK));
      }
      case 4 -> {
        String route = model.name("route");
        String sink = model.name("diverted");
        model.read(route, at);
        model.read(sink, List.of(route + ".diverted"));
        model.cursor = List.of(route);
        return chain.divertTo(route, x -> x % 2 == 0, sink, SINK);
      }
      case 5 -> {
        String stage = model.name("stage");
        String sink = model.name("sideSink");
        model.read(stage, at);
        model.read(sink, List.of(stage + ".side"));
        model.cursor = List.of(stage);
        return chain.stage(stage, SAME).sideOutputTo(SIDE, sink, SINK);
      }
      case 6 -> {
        String source = model.name("src");
        String parse = model.name("parse");
        model.read(parse, List.of(source));
        List<String> merged = new ArrayList<>(at);
        merged.add(parse);
        model.cursor = List.copyOf(merged);
        return chain.mergeWith(Pipeline.from(source, Source.of(2)).map(parse, x -> x));
      }
      default -> {
        String left = model.name("left");
        String right = model.name("right");
        model.read(left, at);
        model.read(right, at);
        model.cursor = List.of(left, right);
        return chain.map(left, x -> x).mergeWith(chain.filter(right, x -> x > 1));
      }
    }
  }

  @Property(tries = 100)
  void namesAreUniqueAcrossBranches(@ForAll @IntRange(min = 0, max = 3) int where) {
    PipelineBuilder<Integer, Integer> chain = Pipeline.named("shape").from("src0", Source.of(1))
        .map("taken", x -> x);
    ThrowingCallable reuse = switch (where) {
      case 0 -> () -> chain.alsoTo("taken", SINK);
      case 1 -> () -> chain.alsoTo(b -> b.map("taken", x -> x).to("s", SINK));
      case 2 -> () -> chain.divertTo("r", x -> true, "taken", SINK);
      default -> () -> chain.mergeWith(Pipeline.from("taken", Source.of(2)));
    };
    assertThatThrownBy(reuse).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pipeline 'shape': duplicate stage name 'taken'");
  }
}
