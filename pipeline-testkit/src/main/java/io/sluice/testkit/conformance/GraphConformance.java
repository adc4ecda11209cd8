package io.sluice.testkit.conformance;

import static io.sluice.testkit.conformance.ConformanceStages.even;
import static io.sluice.testkit.conformance.ConformanceStages.plus;
import static io.sluice.testkit.conformance.ConformanceStages.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Branches and merges on every runner: a broadcast ({@code alsoTo}), a side output, a
 * {@code divert}, and two sources merged, with per-port and per-edge counts. Part of
 * {@link RunnerConformanceSuite}.
 */
public abstract class GraphConformance extends PolicyConformance {

  /** Creates the cases. */
  protected GraphConformance() {}

  /**
   * {@code alsoTo} gives every record to both branches, each in order.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void alsoToGivesEveryRecordToBothBranches() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("broadcast")
        .from("in", () -> Source.fromIterable(range(1, 20)))
        .map("plus", plus(100))
        .alsoTo("audit", recorder.sink("audit"), Dispatch.batched(6))
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(range(101, 120), recorder.records("audit"));
    assertEquals(range(101, 120), recorder.records("out"));
    assertEquals(20, report.stage("plus").emitted());
  }

  /**
   * A stage's side output feeds its own sink; the report counts each port.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void aSideOutputFeedsItsOwnSink() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("side-output")
        .from("in", () -> Source.fromIterable(range(1, 9)))
        .stage("split", ConformanceStages.SplitEvens::new)
        .sideOutputTo(ConformanceStages.EVENS, "evens", recorder.sink("evens"),
            Dispatch.batched(2))
        .to("odds", recorder.sink("odds"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(2, 4, 6, 8), recorder.records("evens"));
    assertEquals(List.of(1, 3, 5, 7, 9), recorder.records("odds"));
    assertEquals(Map.of("out", 5L, "evens", 4L), report.stage("split").emittedByPort());
  }

  /**
   * {@code divertTo} sends what matches to its sink and the rest down the chain.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void divertSendsMatchingRecordsAway() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("divert")
        .from("in", () -> Source.fromIterable(range(1, 10)))
        .divertTo("triage", even(), "review", recorder.sink("review"))
        .to("out", recorder.sink("out"), Dispatch.batched(3));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(2, 4, 6, 8, 10), recorder.records("review"));
    assertEquals(List.of(1, 3, 5, 7, 9), recorder.records("out"));
    assertEquals(Map.of("out", 5L, "diverted", 5L), report.stage("triage").emittedByPort());
  }

  /**
   * Two sources merged into one stage: every record arrives once, each input keeps its order, and
   * the merging stage counts what came along each edge.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void twoSourcesMergeIntoOneStage() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("merge")
        .from("low", () -> Source.fromIterable(range(1, 50)))
        .mergeWith(Pipeline.from("high", () -> Source.fromIterable(range(1001, 1030))))
        .map("plus", plus(0))
        .to("out", recorder.sink("out"), Dispatch.batched(8));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    List<Integer> low = new ArrayList<>();
    List<Integer> high = new ArrayList<>();
    for (Object x : recorder.records("out")) {
      ((Integer) x < 1000 ? low : high).add((Integer) x);
    }
    assertEquals(range(1, 50), low);
    assertEquals(range(1001, 1030), high);
    assertEquals(Map.of("low", 50L, "high", 30L), report.stage("plus").receivedByInput());
  }
}
