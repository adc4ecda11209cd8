package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A parallel stage's workers' queues and an ordered one's reorder buffer must hold a batch per worker, however large the
 * batch size: {@code batched(Integer.MAX_VALUE)} ("flush at the end only") works on one worker,
 * so it must work on several, and memory must follow the records in flight, not the setting.
 */
class ParallelBatchSizeTest {
  private static final List<Integer> INPUT = IntStream.range(0, 10_000).boxed().toList();

  @ParameterizedTest
  @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE / 2, 100_000_000})
  void anOrderedStageRunsWithAnyBatchSize(int batchSize) throws Exception {
    runs(batchSize, Parallelism.ordered(Parallelism.MAX_WORKERS), true);
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE / 2, 100_000_000})
  void unorderedAndKeyedStagesRunWithAnyBatchSize(int batchSize) throws Exception {
    runs(batchSize, Parallelism.unordered(16), false);
    runs(batchSize, Parallelism.keyed(16, (Integer i) -> i % 7), false);
  }

  private static void runs(int batchSize, Parallelism parallelism, boolean ordered)
      throws Exception {
    List<Integer> out = new CopyOnWriteArrayList<>();
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.fromIterable(INPUT))
        .map("double", i -> i * 2).withDispatch(Dispatch.batched(batchSize))
        .parallel(parallelism)
        .to("out", out::add);

    PipelineReport report = pipeline.run();

    List<Integer> expected = INPUT.stream().map(i -> i * 2).toList();
    if (ordered) {
      assertThat(out).containsExactlyElementsOf(expected);
    } else {
      assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
    }
    assertThat(report.accountingBreaches()).isEmpty();
  }
}
