package io.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SluiceMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private PipelineReport runBound() throws Exception {
    List<Integer> input = IntStream.range(0, 1_000).boxed().toList();
    RunningPipeline<Integer> run = Pipeline.named("orders")
        .from("read", Source.fromIterable(input))
        .filter("even", x -> x % 2 == 0)
        .to("save", x -> { }, Dispatch.batched(100))
        .start();
    SluiceMetrics.of(run).bindTo(registry);
    return run.awaitCompletion();
  }

  private double counter(String name, String stage, String tag, String value) {
    return registry.get(name).tags("pipeline", "orders", "stage", stage, tag, value)
        .functionCounter().count();
  }

  @Test
  void theMetricsStayBoundAfterTheCallerDropsThemAndGarbageIsCollected() throws Exception {
    runBound(); // keeps no reference to what bindTo registered
    for (int i = 0; i < 3; i++) {
      System.gc(); // a function counter's target held only weakly would be gone now
    }

    assertThat(counter("sluice.stage.records", "read", "outcome", "emitted")).isEqualTo(1000);
    assertThat(counter("sluice.stage.records", "save", "outcome", "received")).isEqualTo(500);
  }

  @Test
  void countersMatchTheReport() throws Exception {
    PipelineReport report = runBound();

    assertThat(counter("sluice.stage.records", "read", "outcome", "emitted")).isEqualTo(1000);
    assertThat(counter("sluice.stage.records", "even", "outcome", "received")).isEqualTo(1000);
    assertThat(counter("sluice.stage.records", "even", "outcome", "emitted")).isEqualTo(500);
    assertThat(counter("sluice.stage.records", "save", "outcome", "received")).isEqualTo(500);
    assertThat(counter("sluice.stage.records", "even", "outcome", "filtered")).isEqualTo(500);
    assertThat(counter("sluice.stage.records", "even", "outcome", "passed_on")).isEqualTo(500);
    assertThat(counter("sluice.stage.records", "save", "outcome", "skipped")).isZero();
    assertThat(registry.get("sluice.stage.retries").tags("stage", "save").functionCounter()
        .count()).isZero();
    assertThat(registry.get("sluice.stage.batch.size").tags("stage", "save", "statistic", "mean")
        .gauge().value()).isEqualTo(100.0);
    assertThat(counter("sluice.stage.batches", "save", "reason", "size")).isEqualTo(5);
    assertThat(counter("sluice.stage.batches", "save", "reason", "end_of_stream")).isZero();
    assertThat(registry.get("sluice.stage.backlog").tags("stage", "save").gauge().value())
        .isZero();
    assertThat(registry.get("sluice.stage.batch.size").tags("stage", "save", "statistic", "max")
        .gauge().value()).isEqualTo(report.stage("save").batchSizes().max());
    assertThat(registry.get("sluice.stage.processing.time")
        .tags("stage", "save", "statistic", "p99").timeGauge().value(TimeUnit.NANOSECONDS))
        .isCloseTo(report.stage("save").processingNanos().p99(),
            org.assertj.core.data.Offset.offset(1.0)); // within a nanosecond of unit conversions
  }

  @Test
  void everyDocumentedMeterExistsForEveryStageWithItsTags() throws Exception {
    runBound();
    Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName())
        .collect(Collectors.toSet());
    assertThat(names).containsExactlyInAnyOrder("sluice.stage.records", "sluice.stage.retries",
        "sluice.stage.batches",
        "sluice.stage.backlog", "sluice.stage.utilisation", "sluice.stage.blocked",
        "sluice.stage.batch.size",
        "sluice.stage.processing.time");
    for (String stage : List.of("read", "even", "save")) {
      java.util.Collection<Meter> meters = registry.find("sluice.stage.records").tag("stage", stage).meters();
      assertThat(meters).extracting(m -> m.getId().getTag("outcome"))
          .containsExactlyInAnyOrder("received", "emitted", "passed_on", "filtered", "skipped",
              "dead_lettered", "failed", "stranded");
      assertThat(registry.find("sluice.stage.batches").tag("stage", stage).meters())
          .extracting(m -> m.getId().getTag("reason"))
          .containsExactlyInAnyOrder("size", "time", "arrived", "end_of_stream", "drain",
              "checkpoint");
      assertThat(registry.find("sluice.stage.processing.time").tag("stage", stage).meters())
          .extracting(m -> m.getId().getTag("statistic"))
          .containsExactlyInAnyOrder("mean", "p50", "p99", "max");
    }
    assertThat(registry.getMeters()).allSatisfy(m ->
        assertThat(m.getId().getTag("pipeline")).isEqualTo("orders"));
  }
}
