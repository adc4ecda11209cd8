package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A job run again and again, each run bound to the same registry, as a scheduled job does. */
class SluiceMetricsRebindTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static Pipeline<Integer> job(String name, int records) {
    return Pipeline.named(name)
        .from("read", Source.fromIterable(IntStream.range(0, records).boxed().toList()))
        .filter("even", x -> x % 2 == 0)
        .to("save", x -> { }, Dispatch.batched(100));
  }

  private SluiceMetrics runBound(Pipeline<Integer> job) throws InterruptedException {
    RunningPipeline<Integer> run = job.start();
    SluiceMetrics metrics = SluiceMetrics.of(run);
    metrics.bindTo(registry);
    run.awaitCompletion();
    return metrics;
  }

  private double received(String pipeline, String stage) {
    return registry.get("sluice.stage.records")
        .tags("pipeline", pipeline, "stage", stage, "outcome", "received")
        .functionCounter().count();
  }

  private long metersOf(String pipeline) {
    return registry.getMeters().stream()
        .filter(m -> pipeline.equals(m.getId().getTag("pipeline"))).count();
  }

  @Test
  void aLaterRunOfTheSameJobReplacesTheMetersOfTheEarlierOne() throws Exception {
    runBound(job("orders", 100));
    long meters = metersOf("orders");
    assertThat(received("orders", "save")).isEqualTo(50);

    runBound(job("orders", 1_000));

    assertThat(received("orders", "save")).isEqualTo(500);
    assertThat(received("orders", "even")).isEqualTo(1_000);
    assertThat(metersOf("orders")).as("one set of meters, not two").isEqualTo(meters);
  }

  @Test
  void anotherPipelinesMetersAreLeftAlone() throws Exception {
    runBound(job("orders", 100));
    runBound(job("refunds", 10));

    assertThat(received("orders", "save")).isEqualTo(50);
    assertThat(received("refunds", "save")).isEqualTo(5);
  }

  @Test
  void unbindingRemovesTheRunsMetersButNotThoseOfALaterRun() throws Exception {
    SluiceMetrics first = runBound(job("orders", 100));
    SluiceMetrics second = runBound(job("orders", 1_000));
    SluiceMetrics other = runBound(job("refunds", 10));

    first.unbindFrom(registry); // replaced already: the second run's meters stay
    assertThat(received("orders", "save")).isEqualTo(500);

    second.unbindFrom(registry);
    assertThat(metersOf("orders")).isZero();
    assertThat(metersOf("refunds")).isPositive();

    other.unbindFrom(new SimpleMeterRegistry()); // never bound there: nothing happens
    assertThat(registry.getMeters()).extracting(Meter::getId)
        .allMatch(id -> "refunds".equals(id.getTag("pipeline")));
  }
}
