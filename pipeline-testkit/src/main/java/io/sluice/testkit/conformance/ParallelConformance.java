package io.sluice.testkit.conformance;

import static io.sluice.testkit.conformance.ConformanceStages.plus;
import static io.sluice.testkit.conformance.ConformanceStages.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.Dispatch;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Source;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Parallel stages on every runner: keyed workers keep each key's order, unordered workers keep the
 * multiset, and (for runners declaring {@link RunnerCapability#ORDERED_PARALLEL}) ordered workers
 * keep the input's order; the node's report row sums its workers. Part of
 * {@link RunnerConformanceSuite}.
 */
public abstract class ParallelConformance extends GraphConformance {
  private static final int KEYS = 5;

  /** Creates the cases. */
  protected ParallelConformance() {}

  /**
   * {@code Parallelism.keyed(2, key)}: every record arrives once, and each key's records leave in
   * their input order.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void aKeyedParallelStageKeepsEachKeysOrder() throws Exception {
    Function<Integer, Integer> key = (Function<Integer, Integer> & Serializable) x -> x % KEYS;
    Pipeline<Integer> pipeline = Pipeline.named("parallel-keyed")
        .from("in", () -> Source.fromIterable(range(1, 200)))
        .map("plus", plus(1000))
        .withDispatch(Dispatch.batched(7))
        .parallel(Parallelism.keyed(2, key))
        .to("out", recorder.sink("out"), Dispatch.batched(16));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(byKey(range(1001, 1200)), byKey(recorder.records("out")));
    assertEquals(200, report.stage("plus").received());
    assertEquals(200, report.stage("plus").emitted());
  }

  /**
   * {@code Parallelism.unordered(2)}: every record arrives once, in any order.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void anUnorderedParallelStageKeepsTheMultiset() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("parallel-unordered")
        .from("in", () -> Source.fromIterable(range(1, 200)))
        .map("plus", plus(1000))
        .parallel(Parallelism.unordered(2))
        .to("out", recorder.sink("out"), Dispatch.batched(16));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(range(1001, 1200), recorder.records("out").stream()
        .map(Integer.class::cast).sorted().toList());
    assertEquals(200, report.stage("plus").received());
  }

  /**
   * {@code parallel(2)} (ordered): outputs leave in input order.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void anOrderedParallelStageKeepsTheInputOrder() throws Exception {
    assumeTrue(can(RunnerCapability.ORDERED_PARALLEL),
        "runner does not declare " + RunnerCapability.ORDERED_PARALLEL);
    Pipeline<Integer> pipeline = Pipeline.named("parallel-ordered")
        .from("in", () -> Source.fromIterable(range(1, 200)))
        .map("plus", plus(1000))
        .withDispatch(Dispatch.batched(7))
        .parallel(2)
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(range(1001, 1200), recorder.records("out"));
    assertEquals(200, report.stage("plus").emitted());
  }

  /** The records of each key, in the order given. */
  private static Map<Integer, List<Integer>> byKey(List<?> records) {
    return records.stream().map(Integer.class::cast)
        .collect(Collectors.groupingBy(x -> x % KEYS, TreeMap::new, Collectors.toList()));
  }
}
