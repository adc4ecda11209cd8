package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} drains a run whose source is blocked in its poll waiting for data (a queue's
 * {@code take()}): the poll is interrupted, its input ends with DRAIN, and what it emitted before
 * reaches the sink; a source waiting for room downstream is left alone.
 */
class DrainBlockedPollTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** A source reading a queue with {@code take()}: it blocks until a record comes. */
  static final class QueueReader implements Source<Integer> {
    final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    final AtomicBoolean interruptedAtClose = new AtomicBoolean();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();

    @Override
    public boolean poll(Emitter<Integer> out) throws InterruptedException {
      polls.incrementAndGet();
      out.emit(queue.take());
      return true;
    }

    @Override
    public void close() {
      interruptedAtClose.set(Thread.currentThread().isInterrupted());
      closed.incrementAndGet();
    }
  }

  /** The test's run, cancelled after a failed test so that no thread outlives it. */
  private RunningPipeline<Integer> run;

  @AfterEach
  void noThreadLeft() {
    if (run != null && !run.isDone()) {
      run.cancel();
    }
    await().atMost(PATIENCE).until(() -> SluiceThreads.alive().isEmpty());
  }

  private static PipelineReport closeWithin(RunningPipeline<?> run, Duration limit)
      throws Exception {
    CompletableFuture<PipelineReport> closing = CompletableFuture.supplyAsync(
        () -> run.close(PATIENCE));
    try {
      return closing.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (!closing.isDone()) {
        run.cancel(); // leave no thread behind a failed test
      }
    }
  }

  @Test
  void closeInterruptsAPollWaitingForDataAndDrainsWhatItEmitted() throws Exception {
    QueueReader source = new QueueReader();
    RecordingSink<Integer> sink = new RecordingSink<>();
    run = Pipeline.from("in", source)
        .to("save", sink, Dispatch.batched(10)).start();
    // each record comes while the source waits in its poll, as a queue's records usually do
    await().atMost(PATIENCE).until(() -> source.polls.get() == 1);
    source.queue.add(1);
    await().atMost(PATIENCE).until(() -> source.polls.get() == 2);
    source.queue.add(2);
    await().atMost(PATIENCE).until(() -> run.metrics().stage("save").received() == 2);

    PipelineReport report = closeWithin(run, PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(sink.records()).containsExactly(1, 2);
    assertThat(sink.batches()).extracting(RecordingSink.Batch::reason)
        .containsExactly(FlushReason.DRAIN);
    assertThat(source.closed).hasValue(1);
    assertThat(source.interruptedAtClose).as("the drain's interrupt is cleared").isFalse();
    assertThat(report.stage("in").emitted()).isEqualTo(2);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @org.junit.jupiter.api.RepeatedTest(20)
  void recordsQueuedBeforeTheFirstPollAreNotHeldWhileTheNextPollWaits() throws Exception {
    QueueReader source = new QueueReader();
    source.queue.add(1);
    source.queue.add(2); // the first two polls return at once, the third waits for data
    RecordingSink<Integer> sink = new RecordingSink<>();
    run = Pipeline.from("in", source).to("save", sink, Dispatch.batched(10)).start();

    await().atMost(PATIENCE).until(() -> run.metrics().stage("save").received() == 2);
    PipelineReport report = closeWithin(run, PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(sink.records()).containsExactly(1, 2);
  }

  @Test
  void aPollThatSwallowsTheInterruptStillEndsTheInputAndLeavesNoFlagBehind() throws Exception {
    AtomicBoolean interruptedAtClose = new AtomicBoolean();
    LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    Source<Integer> polite = new Source<>() {
      @Override
      public boolean poll(Emitter<Integer> out) {
        try {
          out.emit(queue.take());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // good manners: the flag is set again
        }
        return true;
      }

      @Override
      public void close() {
        interruptedAtClose.set(Thread.currentThread().isInterrupted());
      }
    };
    RecordingSink<Integer> sink = new RecordingSink<>();
    run = Pipeline.from("in", polite)
        .to("save", sink, Dispatch.batched(10)).start();
    queue.add(7);
    await().atMost(PATIENCE).until(() -> run.metrics().stage("save").received() == 1);

    PipelineReport report = closeWithin(run, PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(sink.records()).containsExactly(7);
    assertThat(interruptedAtClose).isFalse();
  }

  @Test
  void aSourceWaitingForRoomDownstreamIsNotInterruptedAndEverythingDrains() throws Exception {
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    Source<Integer> fast = out -> {
      for (int i = 0; i < 64; i++) {
        out.emit(next.getAndIncrement());
        if (Thread.currentThread().isInterrupted()) {
          sawInterrupt.set(true);
        }
      }
      return true;
    };
    Sink<Integer> slow = record -> TimeUnit.MICROSECONDS.sleep(300);
    run = Pipeline.from("in", fast)
        .to("save", slow, io.sluice.api.StageOptions.defaults().withRingSize(16)).start();
    await().atMost(PATIENCE).until(() -> run.metrics().stage("save").received() > 500);

    PipelineReport report = closeWithin(run, PATIENCE);

    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(sawInterrupt).isFalse();
    assertThat(report.stage("save").received()).isEqualTo(report.stage("in").emitted());
    assertThat(report.accountingBreaches()).isEmpty();
  }
}
