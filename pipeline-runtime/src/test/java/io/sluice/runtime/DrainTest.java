package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** close() drains: everything accepted reaches the sink, partial batches flushed with DRAIN. */
class DrainTest {

  @Test
  void closeInTheMiddleOfALiveStreamDeliversEveryAcceptedRecord() throws Exception {
    RecordingSink<Long> sink = new RecordingSink<>();
    Pipeline<Long> pipeline = Pipeline.live("ticks", Long.class)
        .map("plus", x -> x + 0)
        .to("save", sink, Dispatch.batched(64));
    RunningPipeline<Long> run = pipeline.start();
    LivePusher pusher = new LivePusher(run.input());
    AtomicLong accepted = pusher.accepted;
    AtomicBoolean rejected = pusher.rejected;
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.get() > 50_000);

    run.close();
    pusher.join();

    assertThat(rejected).isTrue();
    assertThat(sink.records()).isEqualTo(
        LongStream.range(0, accepted.get()).boxed().toList());
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(report.stage("ticks").emitted()).isEqualTo(accepted.get());
    assertThat(sink.batches()).allSatisfy(b -> assertThat(b.reason()).isNotEqualTo(
        FlushReason.END_OF_STREAM));
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void closeDrainsAPullSourceAndFlushesThePartialBatchWithReasonDrain() throws Exception {
    AtomicLong emitted = new AtomicLong();
    Source<Long> endless = out -> {
      out.emit(emitted.getAndIncrement());
      return true;
    };
    RecordingSink<Long> sink = new RecordingSink<>();
    RunningPipeline<Long> run = Pipeline.from("forever", endless)
        .to("save", sink, Dispatch.batched(1000)).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.records().size() > 10_000);

    run.close();

    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < emitted.get(); i++) {
      expected.add(i);
    }
    assertThat(sink.records()).isEqualTo(expected);
    assertThat(sink.batches()).last().satisfies(b -> assertThat(b.reason())
        .isIn(FlushReason.DRAIN, FlushReason.SIZE));
    assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
  }

  @Test
  void completeEndsTheStreamAndPushAfterwardsIsRejected() throws Exception {
    RecordingSink<String> sink = new RecordingSink<>();
    RunningPipeline<String> run = Pipeline.live("in", String.class)
        .to("save", sink, Dispatch.batched(10)).start();
    run.input().push("x");
    assertThat(run.input().tryPush("y")).isTrue();
    run.input().complete();
    assertThatThrownBy(() -> run.input().push("z"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'in'")
        .hasMessageContaining("completed");
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(sink.batches()).containsExactly(
        new RecordingSink.Batch(2, FlushReason.END_OF_STREAM));
    run.close();
  }
}
