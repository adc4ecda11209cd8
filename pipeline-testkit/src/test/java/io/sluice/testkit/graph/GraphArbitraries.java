package io.sluice.testkit.graph;

import io.sluice.api.Dispatch;
import io.sluice.testkit.graph.GraphSpec.Branch;
import io.sluice.testkit.graph.GraphSpec.Op;
import io.sluice.testkit.graph.GraphSpec.Poison;
import io.sluice.testkit.graph.GraphSpec.Policy;
import io.sluice.testkit.graph.GraphSpec.Settings;
import io.sluice.testkit.graph.GraphSpec.Step;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random {@link GraphSpec}s of 1 to {@value #MAX_NODES} nodes beyond the sources. Everything
 * shrinks towards the simple case: fewer calls, fewer records, per-record dispatch, no poison, no
 * own thread, default rings.
 */
final class GraphArbitraries {
  static final int MAX_NODES = 8;

  private GraphArbitraries() {}

  static Arbitrary<GraphSpec> graphs() {
    return Combinators.combine(records(0, 40), ops().list().ofMinSize(1).ofMaxSize(4), dispatches(),
            Arbitraries.of(false, true))
        .as(GraphSpec::new)
        .filter(spec -> nodes(spec) <= MAX_NODES);
  }

  /** The nodes a spec makes beyond its sources. */
  static int nodes(GraphSpec spec) {
    int nodes = 1; // the main sink
    for (Op op : spec.ops()) {
      if (op instanceof GraphSpec.SideOp side) {
        nodes += 1 + nodes(side.branch());
      } else if (op instanceof GraphSpec.AlsoToOp also) {
        nodes += nodes(also.branch());
      } else if (op instanceof GraphSpec.DivertOp divert) {
        nodes += 1 + nodes(divert.branch());
      } else if (op instanceof GraphSpec.DiamondOp) {
        nodes += 2;
      } else if (!(op instanceof GraphSpec.MergeSourceOp)) {
        nodes += 1; // a map, filter or flatMap
      }
    }
    return nodes;
  }

  private static int nodes(Branch branch) {
    return branch.step().isPresent() ? 2 : 1;
  }

  private static Arbitrary<List<Long>> records(long offset, int max) {
    return Arbitraries.longs().between(offset, offset + 60).list().ofMaxSize(max);
  }

  private static Arbitrary<Op> ops() {
    Arbitrary<Integer> small = Arbitraries.integers().between(2, 5);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(small, settings()).as(GraphSpec.MapOp::new)),
        Tuple.of(2, Combinators.combine(small, settings()).as(GraphSpec.FilterOp::new)),
        Tuple.of(2, Combinators.combine(small, settings()).as(GraphSpec.FlatMapOp::new)),
        Tuple.of(3, Combinators.combine(small, Arbitraries.of(false, true), settings(), branches())
            .as(GraphSpec.SideOp::new)),
        Tuple.of(3, branches().map(GraphSpec.AlsoToOp::new)),
        Tuple.of(2, Combinators.combine(small, dispatches(), branches())
            .as(GraphSpec.DivertOp::new)),
        Tuple.of(2, records(1_000, 30).map(GraphSpec.MergeSourceOp::new)),
        Tuple.of(2, Combinators.combine(steps(), steps()).as(GraphSpec.DiamondOp::new)));
  }

  private static Arbitrary<Branch> branches() {
    return Combinators.combine(steps().optional(0.5), dispatches()).as(Branch::new);
  }

  private static Arbitrary<Step> steps() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(2, 5),
        settings()).as(Step::new);
  }

  static Arbitrary<Settings> settings() {
    Arbitrary<Poison> poisons = Arbitraries.integers().between(3, 11).flatMap(modulus ->
        Arbitraries.integers().between(0, 2).map(remainder -> new Poison(modulus, remainder)));
    return Combinators.combine(dispatches(), Arbitraries.of(Policy.values()),
            poisons.optional(0.3), Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)))
        .as(Settings::new);
  }

  /** Per record, batched(1..5), or batched(1..5, 1..3 ms): time flushes happen on the runtime. */
  static Arbitrary<Dispatch> dispatches() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 5);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(Dispatch.perRecord())),
        Tuple.of(2, sizes.map(Dispatch::batched)),
        Tuple.of(1, Combinators.combine(sizes, Arbitraries.integers().between(1, 3))
            .as((size, ms) -> Dispatch.batched(size, Duration.ofMillis(ms)))));
  }
}
