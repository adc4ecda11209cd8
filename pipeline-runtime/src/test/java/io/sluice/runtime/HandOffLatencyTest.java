package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A record passed on reaches the next stage while the stage that passed it on is still busy (with
 * the rest of its input chunk, or in a poll that waits for data): the hand-off never waits for the
 * producer to finish. Driven by latches: the producer waits until the consumer has the record,
 * which, if the record were held back until the producer finished, would never happen (the waits
 * are bounded only so that a broken hand-off fails the test instead of hanging it).
 */
class HandOffLatencyTest {
  private static final long DEADLOCK_GUARD_SECONDS = 30;
  private static final int CHUNK = 64;

  /** Emits {@code 0..count-1} in one poll: one ring chunk for the stage after it. */
  private static Source<Integer> oneBurst(int count) {
    return new Source<>() {
      @Override
      public boolean poll(Emitter<Integer> out) {
        for (int i = 0; i < count; i++) {
          out.emit(i);
        }
        return false;
      }
    };
  }

  @Test
  void aRecordPassedOnBySlowStageReachesTheSinkBeforeTheStageFinishesItsChunk() throws Exception {
    CountDownLatch sinkHasFirst = new CountDownLatch(1);
    AtomicBoolean reachedWhileStageBusy = new AtomicBoolean();
    Sink<Integer> sink = record -> sinkHasFirst.countDown();

    PipelineReport report = Pipeline.from("read", oneBurst(CHUNK))
        .map("slow", (Integer x) -> {
          if (x == 1) { // still 62 records of the chunk to go: record 0 must already be through
            reachedWhileStageBusy.set(await(sinkHasFirst));
          }
          return x;
        }).ownThread()
        .to("save", sink)
        .run();

    assertThat(reachedWhileStageBusy).as("record 0 reached the sink while 'slow' worked on 1")
        .isTrue();
    assertThat(report.stage("save").received()).isEqualTo(CHUNK);
  }

  @Test
  void everyRecordOfASlowStageReachesTheSinkBeforeTheStageTakesTheNext() throws Exception {
    int records = 20;
    List<CountDownLatch> arrived = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      arrived.add(new CountDownLatch(1));
    }
    AtomicBoolean allInTime = new AtomicBoolean(true);
    Sink<Integer> sink = record -> arrived.get(record).countDown();

    Pipeline.from("read", oneBurst(records))
        .map("slow", (Integer x) -> {
          if (x > 0 && !await(arrived.get(x - 1))) {
            allInTime.set(false);
          }
          return x;
        }).ownThread()
        .to("save", sink)
        .run();

    assertThat(allInTime).as("each record reached the sink while 'slow' worked on the next")
        .isTrue();
  }

  @Test
  void aStageFusedOntoTheSourceThreadHandsOnBeforeThePollEnds() throws Exception {
    CountDownLatch sinkHasFirst = new CountDownLatch(1);
    AtomicBoolean reachedWhilePolling = new AtomicBoolean();
    Source<Integer> source = new Source<>() {
      @Override
      public boolean poll(Emitter<Integer> out) {
        out.emit(0);
        reachedWhilePolling.set(await(sinkHasFirst)); // the poll goes on: 0 must be through
        out.emit(1);
        return false;
      }
    };

    Pipeline.from("read", source)
        .map("inc", (Integer x) -> x + 1).fused()
        .to("save", (Sink<Integer>) record -> sinkHasFirst.countDown())
        .run();

    assertThat(reachedWhilePolling).isTrue();
  }

  @Test
  void aBurstFromASourceWhosePollsWaitForDataDoesNotWaitForTheNextPoll() throws Exception {
    int burst = 25;
    BlockingQueue<Integer> messages = new ArrayBlockingQueue<>(burst);
    CountDownLatch waitedOnce = new CountDownLatch(1);
    CountDownLatch sinkHasBurst = new CountDownLatch(burst);
    AtomicBoolean burstThroughDuringNextPoll = new AtomicBoolean();
    Source<Integer> longPoll = new Source<>() {
      int received;

      @Override
      public boolean poll(Emitter<Integer> out) throws InterruptedException {
        if (received == burst) { // the next poll, waiting for more: the burst must be through
          burstThroughDuringNextPoll.set(await(sinkHasBurst));
          return false;
        }
        Integer first = messages.poll(20, TimeUnit.MILLISECONDS); // a long poll, as for a broker
        if (first == null) {
          waitedOnce.countDown();
          return true;
        }
        out.emit(first);
        received++;
        for (Integer next = messages.poll(); next != null; next = messages.poll()) {
          out.emit(next);
          received++;
        }
        return true;
      }
    };

    var run = Pipeline.from("read", longPoll)
        .to("save", (Sink<Integer>) record -> sinkHasBurst.countDown())
        .start();
    assertThat(await(waitedOnce)).isTrue();
    for (int i = 0; i < burst; i++) {
      messages.put(i);
    }
    PipelineReport report = run.awaitCompletion();

    assertThat(burstThroughDuringNextPoll).isTrue();
    assertThat(report.stage("save").received()).isEqualTo(burst);
  }

  @Test
  void aStageWhoseSinkIsSlowIsReportedBlockedNotBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Sink<Integer> held = record -> await(release);

    var run = Pipeline.named("blocked").from("read", oneBurst(1000))
        .map("enrich", (Integer x) -> x).ownThread()
        .to("save", held, StageOptions.defaults().withRingSize(16))
        .start();
    Thread enrich = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("sluice-blocked-enrich")).findFirst().orElseThrow();
    // 'save' holds its first record, so its ring fills: 'enrich' ends up waiting for room
    Awaitility.await().atMost(Duration.ofSeconds(DEADLOCK_GUARD_SECONDS))
        .until(() -> waitsForRoom(enrich));
    release.countDown();
    PipelineReport report = run.awaitCompletion();

    assertThat(report.stage("enrich").blockedNanos()).isPositive();
    assertThat(report.stage("enrich").blockedShare()).isPositive();
    assertThat(report.stage("save").blockedNanos()).isZero();
    assertThat(report.stage("enrich").utilisation() + report.stage("enrich").blockedShare())
        .isLessThanOrEqualTo(1.0 + 1e-9);
    assertThat(run.describe()).containsPattern("enrich.*busy \\d+% blocked \\d+%");
  }

  /** Whether the thread is parked inside an outbox's wait for room in a full ring. */
  private static boolean waitsForRoom(Thread thread) {
    Thread.State state = thread.getState();
    return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
        && Arrays.stream(thread.getStackTrace()).anyMatch(frame ->
            frame.getClassName().endsWith("engine.Outbox") && frame.getMethodName().equals("claim"));
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(DEADLOCK_GUARD_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
