package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Async;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A live snapshot ({@code metrics()}) never shows a stage with more out than in: the README's
 * promise holds for parallel and async stages too, whose rows roll up counts kept elsewhere.
 */
class ConcurrentStageSnapshotTest {
  private static final List<Integer> INPUT = IntStream.range(0, 1_000_000).boxed().toList();

  @Test
  void aParallelOrAsyncMapNeverShowsMoreEmittedThanReceived() throws Exception {
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.fromIterable(INPUT))
        .map("parallel", i -> i + 1).withDispatch(Dispatch.batched(100)).parallel(3)
        .mapAsync("async", (Integer i) -> CompletableFuture.completedFuture(i), Async.ordered(8))
        .to("out", x -> { });
    RunningPipeline<Integer> run = pipeline.start();
    List<String> ahead = new ArrayList<>();
    try {
      while (!run.isDone() && ahead.isEmpty()) {
        PipelineReport now = run.metrics();
        for (String name : List.of("parallel", "async")) {
          StageReport stage = now.stage(name);
          if (stage.emitted() > stage.received()) {
            ahead.add(stage.toString());
          }
        }
      }
    } finally {
      run.cancel();
      run.awaitCompletion();
    }
    assertThat(ahead).isEmpty();
  }
}
