package io.sluice.testkit.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageReport;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.graph.GraphModel.Flow;
import io.sluice.testkit.graph.GraphSpec.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random graphs (chains, broadcasts, side outputs, diverts, merges of sources, diamonds; random
 * dispatches, error policies and value-based poison records) run on the deterministic runner and
 * on the local runner. Without a failing policy hit, both deliver to every sink exactly what the
 * {@link GraphModel} computes (in order where no merge is upstream) with the same counts in every
 * node's report; with one, both fail naming a stage that the model says fails, and every sink got
 * a part of what it would have got (a prefix where no merge is upstream), nothing twice. On both,
 * every report adds up per node and per edge, and the local run leaves no thread.
 */
class GraphRunnersProperties {
  private static final AtomicInteger RUNS = new AtomicInteger();

  @Property(tries = 150, edgeCases = EdgeCasesMode.NONE) // edge cases: mostly one-node graphs
  void bothRunnersDeliverWhatTheGraphComputes(@ForAll("graphs") GraphSpec spec) {
    String name = "graph" + RUNS.incrementAndGet();
    GraphRun deterministic = GraphRun.deterministic(spec, name);
    GraphRun local = GraphRun.local(spec, name);
    GraphModel model = deterministic.build().model;
    boolean fails = !model.failingStages().isEmpty();
    for (GraphRun run : List.of(deterministic, local)) {
      String runner = run == local ? "local" : "deterministic";
      assertThat(run.report().accountingBreaches()).as(runner).isEmpty();
      Accounting.assertAddsUp(run.build().pipeline, run.report());
      if (fails) {
        assertFailedAsModelled(runner, run, model);
      } else {
        assertDeliveredAsModelled(runner, run, model);
      }
    }
    assertThat(local.threadsLeft()).as("sluice- threads left after the local run").isEmpty();
    if (!fails) {
      assertSameOutputs(deterministic, local, model);
      assertSameReports(deterministic, local);
    }
    Statistics.label("outcome").collect(fails ? "failed" : "completed");
    Statistics.label("nodes beyond sources").collect(GraphArbitraries.nodes(spec));
    Statistics.label("has a merge").collect(model.nodes().stream()
        .anyMatch(node -> node.inputs().size() > 1));
  }

  private static void assertDeliveredAsModelled(String runner, GraphRun run, GraphModel model) {
    assertThat(run.failure()).as(runner + " failure").isNull();
    assertThat(run.report().outcome()).as(runner).isEqualTo(Outcome.COMPLETED);
    Map<String, Flow> flows = model.flows();
    run.sinks().forEach((sink, got) -> {
      List<Long> expected = model.sinkRecords(sink);
      if (flows.get(sink).ordered()) {
        assertThat(got).as("%s: sink %s, no merge upstream", runner, sink).isEqualTo(expected);
      } else {
        assertThat(got).as("%s: sink %s, a merge upstream", runner, sink)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    });
    for (GraphModel.Node node : model.nodes()) {
      Flow flow = flows.get(node.name());
      StageReport counts = run.report().stage(node.name());
      String what = runner + ": " + node.name() + " " + counts;
      assertThat(counts.received()).as(what).isEqualTo(flow.received().size());
      assertThat(counts.passedOn()).as(what).isEqualTo(flow.passedOn());
      assertThat(counts.filtered()).as(what).isEqualTo(flow.filtered());
      long skipped = node.policy() == Policy.SKIP || node.policy() == Policy.RETRY_THEN_SKIP
          ? flow.poisoned().size() : 0;
      assertThat(counts.skipped()).as(what).isEqualTo(skipped);
      long parked = node.policy().deadLetters() ? flow.poisoned().size() : 0;
      assertThat(counts.deadLettered()).as(what).isEqualTo(parked);
      flow.emitted().forEach((port, records) -> assertThat(counts.emittedByPort().get(port))
          .as(what + " port " + port).isEqualTo(records.size()));
      if (node.policy().deadLetters()) {
        List<Object> letters = run.deadLetters().getOrDefault(node.name(), List.of()).stream()
            .map(DeadLetter::record).toList();
        assertThat(letters).as(what + " dead letters").containsExactlyInAnyOrderElementsOf(
            flow.poisoned());
      }
    }
  }

  private static void assertFailedAsModelled(String runner, GraphRun run, GraphModel model) {
    assertThat(run.report().outcome()).as(runner).isEqualTo(Outcome.FAILED);
    assertThat(run.failure()).as(runner + " failure").isNotNull();
    String stage = run.failure().stageName();
    assertThat(stage).as(runner + ": the failing stage").isIn(model.failingStages());
    assertThat(run.failure()).as(runner).hasCauseInstanceOf(GraphBuild.PoisonException.class);
    assertThat(run.report().stage(stage).failed()).as(runner + ": failed at " + stage)
        .isPositive();
    GraphModel.Node failing = model.nodes().stream().filter(n -> n.name().equals(stage))
        .findFirst().orElseThrow();
    run.failure().record().ifPresent(record -> assertThat(
        failing.poison().orElseThrow().hits((Long) record)).as(runner + ": " + run.failure())
        .isTrue());
    Map<String, Flow> flows = model.flows();
    run.sinks().forEach((sink, got) -> {
      List<Long> expected = model.sinkRecords(sink);
      if (flows.get(sink).ordered()) {
        assertThat(got.size()).as("%s: sink %s got %s", runner, sink, got)
            .isLessThanOrEqualTo(expected.size());
        assertThat(got).as("%s: sink %s, no merge upstream: a prefix", runner, sink)
            .isEqualTo(expected.subList(0, got.size()));
      } else {
        assertSubMultiset(runner + ": sink " + sink, got, expected);
      }
    });
    run.deadLetters().forEach((node, letters) -> assertSubMultiset(
        runner + ": dead letters of " + node,
        letters.stream().map(letter -> (Long) letter.record()).toList(),
        flows.get(node).poisoned()));
  }

  private static void assertSubMultiset(String what, List<Long> got, List<Long> expected) {
    List<Long> left = new ArrayList<>(expected);
    for (Long record : got) {
      assertThat(left.remove(record)).as("%s: %s is one of %s (got %s)", what, record, expected,
          got).isTrue();
    }
  }

  private static void assertSameOutputs(GraphRun deterministic, GraphRun local,
      GraphModel model) {
    assertThat(local.sinks().keySet()).isEqualTo(deterministic.sinks().keySet());
    deterministic.sinks().forEach((sink, got) -> {
      if (model.flows().get(sink).ordered()) {
        assertThat(local.sinks().get(sink)).as("sink " + sink).isEqualTo(got);
      } else {
        assertThat(local.sinks().get(sink)).as("sink " + sink)
            .containsExactlyInAnyOrderElementsOf(got);
      }
    });
  }

  private static void assertSameReports(GraphRun deterministic, GraphRun local) {
    for (StageDefinition def : deterministic.build().pipeline.stages()) {
      StageReport d = deterministic.report().stage(def.name());
      StageReport l = local.report().stage(def.name());
      String what = def.name() + "\n deterministic " + d + "\n local " + l;
      assertThat(counts(l)).as(what).isEqualTo(counts(d));
      assertThat(l.emittedByPort()).as(what).isEqualTo(d.emittedByPort());
      assertThat(l.receivedByInput()).as(what).isEqualTo(d.receivedByInput());
      Dispatch dispatch = def.dispatch();
      if (dispatch.maxWait().isEmpty()) {
        assertThat(l.batchesByReason()).as(what).isEqualTo(d.batchesByReason());
      }
    }
  }

  private static List<Long> counts(StageReport s) {
    return List.of(s.received(), s.emitted(), s.passedOn(), s.filtered(), s.skipped(),
        s.deadLettered(), s.failed(), s.stranded());
  }

  @Provide
  Arbitrary<GraphSpec> graphs() {
    return GraphArbitraries.graphs();
  }
}
