package io.sluice.testkit.graph;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.Port;
import io.sluice.api.SideOutput;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageOptions;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.graph.GraphModel.NodeFunction;
import io.sluice.testkit.graph.GraphSpec.Branch;
import io.sluice.testkit.graph.GraphSpec.Op;
import io.sluice.testkit.graph.GraphSpec.Policy;
import io.sluice.testkit.graph.GraphSpec.Settings;
import io.sluice.testkit.graph.GraphSpec.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link GraphSpec} through the DSL and, call by call, its {@link GraphModel}, with fresh
 * {@link TestSink}s (the graph's sinks and one dead-letter sink per dead-lettering stage), so the
 * same spec can run once on each runner.
 */
final class GraphBuild {
  /** The side output of a {@link GraphSpec.SideOp} stage. */
  static final SideOutput<Long> SIDE = SideOutput.of("side", Long.class);

  final Pipeline<Long> pipeline;
  final GraphModel model = new GraphModel();
  /** Every sink of the graph, by stage name, in the order the DSL added them. */
  final Map<String, TestSink<Long>> sinks = new LinkedHashMap<>();
  /** The dead-letter sink of every dead-lettering stage, by stage name. */
  final Map<String, TestSink<DeadLetter>> deadLetters = new LinkedHashMap<>();
  private final boolean smallRings;
  private int next;

  private GraphBuild(GraphSpec spec, String name) {
    this.smallRings = spec.smallRings();
    model.source("src0", spec.source());
    PipelineBuilder<Long, Long> chain = Pipeline.named(name)
        .from("src0", Source.fromIterable(spec.source()));
    List<String> at = List.of("src0");
    for (Op op : spec.ops()) {
      Cursor cursor = apply(op, new Cursor(chain, at));
      chain = cursor.chain;
      at = cursor.ports;
    }
    this.pipeline = sink(chain, at, "sink", spec.sink());
  }

  static GraphBuild of(GraphSpec spec, String pipelineName) {
    return new GraphBuild(spec, pipelineName);
  }

  /** The chain so far and the ports the next stage reads. */
  private record Cursor(PipelineBuilder<Long, Long> chain, List<String> ports) {}

  private Cursor apply(Op op, Cursor c) {
    PipelineBuilder<Long, Long> chain = c.chain;
    if (op instanceof GraphSpec.MapOp map) {
      String name = name("map");
      return new Cursor(stage(chain.map(name, guarded(name, map.settings(),
          x -> x * map.factor() + 1)), c.ports, name, map.settings(), mapFn(map.factor())), ports(name));
    } else if (op instanceof GraphSpec.FilterOp filter) {
      String name = name("filter");
      NodeFunction fn = filterFn(filter.modulus());
      return new Cursor(stage(chain.filter(name, x -> {
        check(name, filter.settings(), x);
        return Math.floorMod(x, filter.modulus()) != 0;
      }), c.ports, name, filter.settings(), fn), ports(name));
    } else if (op instanceof GraphSpec.FlatMapOp flat) {
      String name = name("flatMap");
      int m = flat.modulus();
      return new Cursor(stage(chain.flatMap(name, x -> {
        check(name, flat.settings(), x);
        return Math.floorMod(x, m) == 0 ? List.<Long>of() : List.of(x, x + 1);
      }), c.ports, name, flat.settings(), (x, out) -> {
        if (Math.floorMod(x, m) != 0) {
          out.accept(Port.MAIN, x);
          out.accept(Port.MAIN, x + 1);
        }
      }), ports(name));
    } else if (op instanceof GraphSpec.SideOp side) {
      String name = name("side");
      int m = side.modulus();
      Stage<Long, Long> stage = side.batchCalls()
          ? new BatchSideStage(name, m, side.settings()) : new SideStage(name, m, side.settings());
      PipelineBuilder<Long, Long> added = stage(chain.stage(name, stage), c.ports, name,
          side.settings(), (x, out) -> {
            if (Math.floorMod(x, m) == 0) {
              out.accept(SIDE.name(), x * 10);
            }
            out.accept(Port.MAIN, x + 1);
          });
      return new Cursor(added.sideOutput(SIDE, b -> branch(b, List.of(name + ".side"),
          side.branch())), ports(name));
    } else if (op instanceof GraphSpec.AlsoToOp also) {
      return new Cursor(chain.alsoTo(b -> branch(b, c.ports, also.branch())), c.ports);
    } else if (op instanceof GraphSpec.DivertOp divert) {
      String name = name("route");
      int m = divert.modulus();
      model.node(new GraphModel.Node(name, false, c.ports, (x, out) -> out.accept(
          Math.floorMod(x, m) == 0 ? PipelineBuilder.DIVERTED : Port.MAIN, x), Optional.empty(),
          Policy.FAIL_FAST)); // before the branch, which reads from it
      PipelineBuilder<Long, Long> routed = chain.divert(name, x -> Math.floorMod(x, m) == 0,
          b -> branch(b, List.of(name + ".diverted"), divert.branch()))
          .withDispatch(divert.dispatch());
      return new Cursor(smallRings ? routed.withRingSize(8) : routed, ports(name));
    } else if (op instanceof GraphSpec.MergeSourceOp merge) {
      String name = name("src");
      model.source(name, merge.records());
      List<String> merged = new ArrayList<>(c.ports);
      merged.add(name);
      return new Cursor(chain.mergeWith(Pipeline.from(name, Source.fromIterable(merge.records()))),
          merged);
    } else if (op instanceof GraphSpec.DiamondOp diamond) {
      Cursor left = step(c, diamond.left());
      Cursor right = step(c, diamond.right());
      List<String> merged = new ArrayList<>(left.ports);
      merged.addAll(right.ports);
      return new Cursor(left.chain.mergeWith(right.chain), merged);
    }
    throw new IllegalArgumentException("unknown op " + op);
  }

  /** A branch's builder, from the given ports: its step if any, then its sink. */
  private Pipeline<Long> branch(PipelineBuilder<Long, Long> b, List<String> from, Branch branch) {
    Cursor cursor = branch.step().map(step -> step(new Cursor(b, from), step))
        .orElse(new Cursor(b, from));
    return sink(cursor.chain, cursor.ports, name("sink"), branch.sink());
  }

  private Cursor step(Cursor c, Step step) {
    return apply(step.isMap() ? new GraphSpec.MapOp(step.parameter(), step.settings())
        : new GraphSpec.FilterOp(step.parameter(), step.settings()), c);
  }

  private Pipeline<Long> sink(PipelineBuilder<Long, Long> chain, List<String> from, String name,
      Dispatch dispatch) {
    TestSink<Long> sink = TestSink.create();
    sinks.put(name, sink);
    model.node(new GraphModel.Node(name, true, from, (x, out) -> { }, Optional.empty(),
        Policy.FAIL_FAST));
    StageOptions options = StageOptions.defaults().withDispatch(dispatch);
    return chain.to(name, sink, smallRings ? options.withRingSize(8) : options);
  }

  /** Applies a stage's settings and adds it to the model. */
  private PipelineBuilder<Long, Long> stage(PipelineBuilder<Long, Long> added, List<String> from,
      String name, Settings settings, NodeFunction fn) {
    model.node(new GraphModel.Node(name, false, from, fn, settings.poison(), settings.policy()));
    PipelineBuilder<Long, Long> set = added.withDispatch(settings.dispatch())
        .withErrorPolicy(policy(name, settings.policy()));
    set = settings.ownThread() ? set.ownThread() : set;
    return smallRings ? set.withRingSize(8) : set;
  }

  private ErrorPolicy policy(String stage, Policy policy) {
    ErrorPolicy retry = ErrorPolicy.retry(2, Duration.ZERO, Duration.ZERO);
    return switch (policy) {
      case FAIL_FAST -> ErrorPolicy.failFast();
      case SKIP -> ErrorPolicy.skip();
      case DEAD_LETTER -> ErrorPolicy.deadLetter(deadLetterSink(stage));
      case RETRY_THEN_FAIL -> retry;
      case RETRY_THEN_SKIP -> retry.thenSkip();
      case RETRY_THEN_DEAD_LETTER -> retry.thenDeadLetter(deadLetterSink(stage));
    };
  }

  private TestSink<DeadLetter> deadLetterSink(String stage) {
    return deadLetters.computeIfAbsent(stage, s -> TestSink.create());
  }

  private String name(String kind) {
    return kind + ++next;
  }

  private static List<String> ports(String name) {
    return List.of(name);
  }

  private static NodeFunction mapFn(int factor) {
    return (x, out) -> out.accept(Port.MAIN, x * factor + 1);
  }

  private static NodeFunction filterFn(int modulus) {
    return (x, out) -> {
      if (Math.floorMod(x, modulus) != 0) {
        out.accept(Port.MAIN, x);
      }
    };
  }

  private static java.util.function.Function<Long, Long> guarded(String name, Settings settings,
      java.util.function.Function<Long, Long> fn) {
    return x -> {
      check(name, settings, x);
      return fn.apply(x);
    };
  }

  /** Throws on a poison record, before the stage emits anything for it. */
  static void check(String stage, Settings settings, long record) {
    if (settings.poison().isPresent() && settings.poison().get().hits(record)) {
      throw new PoisonException(stage, record);
    }
  }

  /** What a stage throws on a poison record. */
  static final class PoisonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoisonException(String stage, long record) {
      super("stage " + stage + " is poisoned by record " + record);
    }
  }

  /** Emits {@code x + 1}, and {@code 10 x} to {@link #SIDE} when {@code x % modulus == 0}. */
  private static class SideStage implements Stage<Long, Long> {
    private final String name;
    private final int modulus;
    private final Settings settings;

    SideStage(String name, int modulus, Settings settings) {
      this.name = name;
      this.modulus = modulus;
      this.settings = settings;
    }

    @Override
    public void process(Long x, Emitter<Long> out) {
      check(name, settings, x);
      if (Math.floorMod(x, modulus) == 0) {
        out.emit(SIDE, x * 10);
      }
      out.emit(x + 1);
    }
  }

  /** The same, taking whole batches (a batch with a poison record fails as a whole). */
  private static final class BatchSideStage extends SideStage {
    BatchSideStage(String name, int modulus, Settings settings) {
      super(name, modulus, settings);
    }

    @Override
    public void processBatch(List<Long> batch, Emitter<Long> out) {
      for (Long x : batch) {
        process(x, out);
      }
    }
  }
}
