package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Progress;
import io.sluice.api.ProgressReporter;
import io.sluice.api.RunningPipeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  @Test
  void readingsFollowTheRunAndTheLastOneComesWhenItEnds() throws Exception {
    QueueSource<Integer> source = new QueueSource<>();
    List<Progress> readings = new CopyOnWriteArrayList<>();
    RunningPipeline<Integer> run = Pipeline.named("prog").from("read", source)
        .map("same", x -> x).to("save", x -> { }).start();
    try (ProgressReporter reporter = ProgressReporter.every(Duration.ofMillis(5), run,
        readings::add)) {
      source.offer(1, 2, 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> !readings.isEmpty()
          && readings.get(readings.size() - 1).recordsOut() == 3);
      source.end();
      run.awaitCompletion();
      await().atMost(Duration.ofSeconds(10)).until(() -> readings.get(readings.size() - 1)
          .snapshot().outcome() == PipelineReport.Outcome.COMPLETED);
      int count = readings.size();
      Progress last = readings.get(count - 1);
      assertThat(last.recordsIn()).isEqualTo(3);
      assertThat(last.recordsOut()).isEqualTo(3);
      assertThat(last.backlog()).containsOnlyKeys("same", "save");
      assertThat(last.line()).startsWith("prog ").contains("3 in, 3 out").endsWith("COMPLETED");
      await().atMost(Duration.ofSeconds(10)).until(() -> SluiceThreads.alive().isEmpty());
      assertThat(readings).hasSize(count); // no reading after the last
      assertThat(reporter.read().recordsOut()).isEqualTo(3);
    }
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aTooShortPeriodIsRejected() {
    RunningPipeline<Integer> run = Pipeline.from("read", io.sluice.api.Source.of(1))
        .to("save", x -> { }).start();
    assertThatThrownBy(() -> ProgressReporter.every(Duration.ofNanos(10), run, p -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("progress period must be at least 1ms but was PT0.00000001S");
    run.close();
  }
}
