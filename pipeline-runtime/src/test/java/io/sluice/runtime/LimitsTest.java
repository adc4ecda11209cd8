package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Settings at their limits either work or are rejected naming the stage. */
class LimitsTest {

  @Test
  void aLiveInputRingTooLargeToStartIsRejectedNamingTheStage() {
    assertThatThrownBy(() -> Pipeline.live("huge", Integer.class)
        .map("first", x -> x).withRingSize(StageOptions.MAX_RING_SIZE)
        .to("out", new RecordingSink<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'first'")
        .hasMessageContaining(String.valueOf(StageOptions.MAX_LIVE_RING_SIZE));
  }

  @Test
  void theLargestLiveInputRingAcceptedStartsAndCloses() throws Exception {
    RunningPipeline<Integer> run = Pipeline.live("largest", Integer.class)
        .map("first", x -> x).withRingSize(StageOptions.MAX_LIVE_RING_SIZE)
        .to("out", new RecordingSink<>()).start();
    run.input().push(1);
    run.input().complete();

    assertThat(run.awaitCompletion(Duration.ofSeconds(30)).stage("out").passedOn()).isEqualTo(1);
  }

  @Test
  void awaitCompletionWithAVeryLongDurationDoesNotOverflow() throws Exception {
    RunningPipeline<Integer> run = Pipeline.named("long-wait")
        .from("in", Source.fromIterable(List.of(1, 2, 3)))
        .to("out", new RecordingSink<>()).start();

    PipelineReport report = run.awaitCompletion(Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(run.close(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(report);
  }

  @Test
  void aBatchedDispatchWithoutMaxWaitIsRejectedNamingTheStage() {
    assertThatThrownBy(() -> Pipeline.named("no-wait")
        .from("in", Source.fromIterable(List.of(1)))
        .map("group", x -> x).withDispatch(Dispatch.batched(3, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("stage 'group'");
  }

  @Test
  void aLiveSnapshotNeverShowsABacklogBeyondTheRing() throws Exception {
    int ring = 16;
    RunningPipeline<Long> run = Pipeline.live("backlog", Long.class)
        .map("first", x -> x).withRingSize(ring)
        .to("out", new RecordingSink<>()).start();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong pushed = new AtomicLong();
    Thread pusher = new Thread(() -> {
      while (!stop.get()) {
        if (run.input().tryPush(pushed.get())) {
          pushed.incrementAndGet();
        }
      }
    }, "pusher");
    pusher.start();
    long maxBacklog = 0;
    for (int i = 0; i < 20_000; i++) {
      maxBacklog = Math.max(maxBacklog, run.metrics().stage("first").backlog());
    }
    stop.set(true);
    pusher.join();
    run.close();

    assertThat(maxBacklog).isLessThanOrEqualTo(ring);
  }
}
