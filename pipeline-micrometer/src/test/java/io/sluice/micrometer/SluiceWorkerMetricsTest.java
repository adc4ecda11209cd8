package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageReport;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The meters of a parallel stage's workers, beside its rolled-up ones. */
class SluiceWorkerMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private PipelineReport runKeyed() throws Exception {
    List<Integer> input = IntStream.range(0, 3_000).boxed().toList();
    RunningPipeline<Integer> run = Pipeline.named("orders")
        .from("read", Source.fromIterable(input))
        .map("score", (Integer i) -> {
          if (i % 101 == 0) {
            throw new IllegalArgumentException("poison " + i);
          }
          return i;
        }).withDispatch(Dispatch.batched(10))
        .parallel(Parallelism.<Integer>keyed(3, i -> i % 7))
        .withErrorPolicy(ErrorPolicy.skip())
        .to("save", x -> { })
        .start();
    SluiceMetrics.of(run).bindTo(registry);
    return run.awaitCompletion();
  }

  private double workerCounter(String meter, String worker, String tag, String value) {
    return registry.get(meter).tags("pipeline", "orders", "stage", "score", "worker", worker, tag,
        value).functionCounter().count();
  }

  @Test
  void eachWorkerHasItsCountersTaggedWithItsIndexAndTheyMatchTheReport() throws Exception {
    PipelineReport report = runKeyed();
    List<StageReport> workers = report.stage("score").workers();
    assertThat(workers).hasSize(3);

    double received = 0;
    double skipped = 0;
    for (int i = 0; i < 3; i++) {
      String worker = Integer.toString(i);
      StageReport row = workers.get(i);
      double got = workerCounter("sluice.stage.worker.records", worker, "outcome", "received");
      assertThat(got).isEqualTo(row.received());
      assertThat(workerCounter("sluice.stage.worker.records", worker, "outcome", "emitted"))
          .isEqualTo(row.emitted());
      assertThat(workerCounter("sluice.stage.worker.records", worker, "outcome", "skipped"))
          .isEqualTo(row.skipped());
      assertThat(workerCounter("sluice.stage.worker.batches", worker, "reason", "size"))
          .isEqualTo(row.batches(io.sluice.api.FlushReason.SIZE));
      assertThat(registry.get("sluice.stage.worker.retries").tags("stage", "score", "worker",
          worker).functionCounter().count()).isEqualTo(row.retried());
      assertThat(registry.get("sluice.stage.worker.utilisation").tags("stage", "score", "worker",
          worker).gauge().value()).isBetween(0.0, 1.0);
      received += got;
      skipped += row.skipped();
    }
    assertThat(received).isEqualTo(3_000);
    assertThat(skipped).isEqualTo(IntStream.range(0, 3_000).filter(i -> i % 101 == 0).count());
  }

  @Test
  void theRolledUpMetersKeepTheirNamesAndTagsAndOnlyParallelStagesHaveWorkerMeters()
      throws Exception {
    runKeyed();
    assertThat(registry.get("sluice.stage.records")
        .tags("pipeline", "orders", "stage", "score", "outcome", "received").functionCounter()
        .count()).isEqualTo(3_000);
    assertThat(registry.find("sluice.stage.records").meters())
        .allSatisfy(m -> assertThat(m.getId().getTag("worker")).isNull());
    List<Meter> workerMeters = registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("sluice.stage.worker.")).toList();
    assertThat(workerMeters).isNotEmpty().allSatisfy(m -> {
      assertThat(m.getId().getTag("stage")).isEqualTo("score");
      assertThat(m.getId().getTag("worker")).isIn("0", "1", "2");
    });
    assertThat(workerMeters).extracting(m -> m.getId().getName()).containsOnly(
        "sluice.stage.worker.records", "sluice.stage.worker.retries",
        "sluice.stage.worker.batches", "sluice.stage.worker.utilisation");
  }
}
