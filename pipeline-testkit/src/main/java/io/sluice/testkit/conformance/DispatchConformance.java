package io.sluice.testkit.conformance;

import static io.sluice.testkit.conformance.ConformanceStages.even;
import static io.sluice.testkit.conformance.ConformanceStages.plus;
import static io.sluice.testkit.conformance.ConformanceStages.range;
import static io.sluice.testkit.conformance.ConformanceStages.repeatByValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Source;
import io.sluice.testkit.Batch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dispatch, flush reasons, order and accounting: what a stage is handed, when and why, on every
 * runner. Part of {@link RunnerConformanceSuite}.
 */
public abstract class DispatchConformance extends ConformanceBase {

  /** Creates the cases. */
  protected DispatchConformance() {}

  /**
   * Per-record dispatch hands each record on, in input order, and a map emits one per record.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void perRecordDeliversEveryRecordInInputOrder() throws Exception {
    List<Integer> input = range(1, 200);
    Pipeline<Integer> pipeline = Pipeline.named("per-record")
        .from("in", () -> Source.fromIterable(input))
        .map("plus", plus(1))
        .to("out", recorder.sink("out"));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(range(2, 201), recorder.records("out"));
    assertEquals(200, report.stage("plus").received());
    assertEquals(200, report.stage("plus").emitted());
    assertEquals(200, report.stage("out").received());
  }

  /**
   * {@code batched(n)} flushes full batches with reason SIZE and the last, shorter one with
   * END_OF_STREAM; the report counts batches by reason.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void batchedFlushesBySizeThenAtEndOfStream() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("by-size")
        .from("in", () -> Source.fromIterable(range(1, 10)))
        .to("out", recorder.sink("out"), Dispatch.batched(3));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(new Batch<Object>(FlushReason.SIZE, List.of(1, 2, 3)),
        new Batch<Object>(FlushReason.SIZE, List.of(4, 5, 6)),
        new Batch<Object>(FlushReason.SIZE, List.of(7, 8, 9)),
        new Batch<Object>(FlushReason.END_OF_STREAM, List.of(10))), recorder.batches("out"));
    assertEquals(3, report.stage("out").batches(FlushReason.SIZE));
    assertEquals(1, report.stage("out").batches(FlushReason.END_OF_STREAM));
  }

  /**
   * {@code batched(n, maxWait)} flushes with reason TIME once maxWait has passed since the batch's
   * first record, while the input is still open; the source lets its last record through only
   * after the sink has received that batch, which ends the stream.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void batchedWithMaxWaitFlushesOnTimeWhileTheInputIsOpen() throws Exception {
    Recorder rec = recorder;
    Pipeline<Integer> pipeline = Pipeline.named("by-time")
        .from("in", () -> new ConformanceStages.GatedSource(rec, "out", 2, List.of(1, 2),
            List.of(3)))
        .to("out", recorder.sink("out"), Dispatch.batched(10, Duration.ofMillis(300)));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(List.of(new Batch<Object>(FlushReason.TIME, List.of(1, 2)),
        new Batch<Object>(FlushReason.END_OF_STREAM, List.of(3))), recorder.batches("out"));
    assertEquals(1, report.stage("out").batches(FlushReason.TIME));
  }

  /**
   * Records leave every stage in the order they entered it, whatever the stages' dispatch, and
   * no batch exceeds its size.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void orderIsKeptThroughStagesOfEveryDispatch() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("order")
        .from("in", () -> Source.fromIterable(range(1, 1000)))
        .map("a", plus(1)).withDispatch(Dispatch.batched(7))
        .stage("b", () -> new ConformanceStages.Poisoned(Set.of()), Dispatch.batched(5))
        .map("c", plus(-1))
        .to("out", recorder.sink("out"), Dispatch.batched(13));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    assertEquals(range(1, 1000), recorder.records("out"));
    List<Batch<Object>> batches = recorder.batches("out");
    assertTrue(batches.stream().allMatch(b -> b.size() <= 13), () -> batches.toString());
    assertEquals(FlushReason.END_OF_STREAM, batches.get(batches.size() - 1).reason());
    assertEquals(1000, report.stage("b").received());
  }

  /**
   * A filter counts what it drops, a flatMap emits zero or more per record, and every node's
   * fates and every edge add up.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void filteredAndExpandedRecordsAreAccountedFor() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("accounting")
        .from("in", () -> Source.fromIterable(range(1, 30)))
        .filter("even", even())
        .flatMap("repeat", repeatByValue())
        .to("out", recorder.sink("out"), Dispatch.batched(4));

    PipelineReport report = run(pipeline, Outcome.COMPLETED);

    List<Object> expected = new ArrayList<>();
    for (int x = 2; x <= 30; x += 2) {
      for (int i = 0; i < x % 3; i++) {
        expected.add(x);
      }
    }
    assertEquals(expected, recorder.records("out"));
    assertEquals(15, report.stage("even").filtered());
    assertEquals(expected.size(), report.stage("repeat").emitted());
    assertEquals(expected.size(), report.stage("out").received());
  }
}
