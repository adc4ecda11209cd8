package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageReport;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.conformance.Recorder;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code withParallelism(n)} every subtask of a batched stage flushes its own last batch, so
 * a stage's row (the subtasks summed) has up to {@code n} END_OF_STREAM batches: a valid report
 * that the testkit's accounting check must accept: the report has a worker row per subtask.
 */
class SubtaskBatchAccountingTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();

  private final Recorder recorder = Recorder.create();

  @AfterEach
  void forget() {
    recorder.close();
  }

  @Test
  void eachSubtaskFlushingItsLastPartialBatchAddsUp() throws Exception {
    List<Integer> input = IntStream.rangeClosed(1, 1001).boxed().toList();
    Pipeline<Integer> pipeline = Pipeline.named("subtasks")
        .from("in", () -> Source.fromIterable(input))
        .map("same", (Function<Integer, Integer> & Serializable) x -> x)
        .withDispatch(Dispatch.batched(7))
        .to("out", recorder.sink("out"));

    PipelineReport report = pipeline.start(FlinkRunner.fromContext().withParallelism(2))
        .awaitCompletion(Duration.ofSeconds(60));

    assertThat(recorder.records("out")).hasSize(1001);
    assertThat(report.stage("same").batches(FlushReason.END_OF_STREAM)).isEqualTo(2);
    assertThat(report.stage("same").workers()).extracting(StageReport::name)
        .containsExactly("same[0]", "same[1]");
    assertThat(report.stage("same").workers()).allSatisfy(worker ->
        assertThat(worker.batches(FlushReason.END_OF_STREAM)).isEqualTo(1));
    assertThat(report.stage("same").workers().stream().mapToLong(StageReport::received).sum())
        .isEqualTo(1001);
    Accounting.assertAddsUp(pipeline, report);
  }
}
