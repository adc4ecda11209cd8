package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeFlushTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void idleInputIsFlushedByTimeOnceMaxWaitPasses() throws Exception {
    ManualClock clock = new ManualClock();
    QueueSource<String> source = new QueueSource<>();
    RecordingSink<String> sink = new RecordingSink<>();
    Pipeline<String> pipeline = Pipeline.from("in", source)
        .to("save", sink, Dispatch.batched(100, Duration.ofMillis(50)))
        .withClock(clock);

    try (RunningPipeline<String> run = pipeline.start()) {
      source.offer("a", "b", "c");
      await().atMost(PATIENCE).until(() -> clock.reads() > 0); // the batch has started
      clock.advance(Duration.ofMillis(49));
      // the stage keeps reading the clock; a flush before 50 ms would show up here
      await().during(Duration.ofMillis(100)).atMost(PATIENCE).until(() -> sink.batches().isEmpty());

      clock.advance(Duration.ofMillis(1));
      await().atMost(PATIENCE).until(() -> sink.batches().size() == 1);
      assertThat(sink.batches()).containsExactly(new RecordingSink.Batch(3, FlushReason.TIME));
      assertThat(sink.records()).containsExactly("a", "b", "c");

      source.offer("d");
      source.end();
      PipelineReport report = run.awaitCompletion();
      assertThat(report.stage("save").batchesByReason())
          .containsEntry(FlushReason.TIME, 1L).containsEntry(FlushReason.END_OF_STREAM, 1L);
    }
    assertThat(sink.batches()).last()
        .isEqualTo(new RecordingSink.Batch(1, FlushReason.END_OF_STREAM));
  }

  @Test
  void timerRestartsWithTheFirstRecordOfTheNextBatch() throws Exception {
    ManualClock clock = new ManualClock();
    QueueSource<Integer> source = new QueueSource<>();
    RecordingSink<Integer> sink = new RecordingSink<>();
    try (RunningPipeline<Integer> run = Pipeline.from("in", source)
        .to("save", sink, Dispatch.batched(10, Duration.ofSeconds(1))).withClock(clock).start()) {
      source.offer(1);
      await().atMost(PATIENCE).until(() -> clock.reads() > 0);
      clock.advance(Duration.ofMillis(1000));
      await().atMost(PATIENCE).until(() -> sink.batches().size() == 1);

      long readsBefore = clock.reads();
      source.offer(2);
      await().atMost(PATIENCE).until(() -> clock.reads() > readsBefore);
      clock.advance(Duration.ofMillis(999));
      await().during(Duration.ofMillis(100)).atMost(PATIENCE)
          .until(() -> sink.batches().size() == 1);
      clock.advance(Duration.ofMillis(1));
      await().atMost(PATIENCE).until(() -> sink.batches().size() == 2);
      source.end();
      run.awaitCompletion();
    }
    assertThat(sink.batches()).containsExactly(new RecordingSink.Batch(1, FlushReason.TIME),
        new RecordingSink.Batch(1, FlushReason.TIME));
  }

  @Test
  void aFullBatchIsFlushedBySizeBeforeItsTime() throws Exception {
    ManualClock clock = new ManualClock();
    QueueSource<Integer> source = new QueueSource<>();
    RecordingSink<Integer> sink = new RecordingSink<>();
    try (RunningPipeline<Integer> run = Pipeline.from("in", source)
        .to("save", sink, Dispatch.batched(3, Duration.ofSeconds(1))).withClock(clock).start()) {
      source.offer(1, 2, 3, 4);
      await().atMost(PATIENCE).until(() -> sink.batches().size() == 1);
      source.end();
      run.awaitCompletion();
    }
    assertThat(sink.batches()).containsExactly(new RecordingSink.Batch(3, FlushReason.SIZE),
        new RecordingSink.Batch(1, FlushReason.END_OF_STREAM));
  }
}
