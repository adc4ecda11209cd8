package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local runner's graph wiring: rings where branches split and meet, backpressure through a
 * fan-out, merges of sources that end at different times.
 */
class GraphWiringTest {
  private static final int RING = 16;

  /** A source of {@code 0 .. count - 1}, counting each record before it is emitted. */
  private static Source<Long> counting(long count, AtomicLong produced) {
    return new Source<>() {
      private long next;

      @Override
      public boolean poll(Emitter<Long> out) {
        produced.incrementAndGet();
        out.emit(next++);
        return next < count;
      }
    };
  }

  @Test
  void aSlowBranchOfAFanOutHoldsBackTheSourceAndNothingIsLost() throws Exception {
    long records = 50_000;
    AtomicLong produced = new AtomicLong();
    AtomicLong slowDone = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    RecordingSink<Long> fast = new RecordingSink<>();
    RecordingSink<Long> slowRecords = new RecordingSink<>();
    Sink<Long> slow = record -> {
      if (slowDone.get() == 0) {
        // the rings on the way let the source get this far ahead whatever the machine's load,
        // which on 2 busy cores could otherwise leave the "slow" sink the faster thread
        await().atMost(Duration.ofSeconds(30)).until(() -> produced.get() > RING + 1);
      }
      maxAhead.accumulateAndGet(produced.get() - slowDone.get(), Math::max);
      for (int i = 0; i < 200; i++) {
        Thread.onSpinWait(); // slower than the source and the fast branch
      }
      slowRecords.write(record);
      slowDone.incrementAndGet();
    };
    StageOptions small = StageOptions.defaults().withRingSize(RING);

    PipelineReport report = Pipeline.named("fanout").from("read", counting(records, produced))
        .map("plus", x -> x + 1).ownThread().withRingSize(RING)
        .alsoTo("slow", slow, small)
        .to("fast", fast, small)
        .run();

    List<Long> all = LongStream.rangeClosed(1, records).boxed().toList();
    assertThat(fast.records()).isEqualTo(all);
    assertThat(slowRecords.records()).isEqualTo(all);
    // what the source is ahead of the slow sink is bounded by the rings on the way (two of 16,
    // with chunks partly filled, a record in each stage's hands), not by the input
    assertThat(maxAhead.get()).as("records ahead of the slow sink")
        .isLessThanOrEqualTo(4L * RING + 4).isGreaterThan(RING);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 8})
  void aDiamondWithTinyRingsCarriesEveryRecordWithoutDeadlock(int ring) throws Exception {
    long records = 100_000;
    RecordingSink<Long> sink = new RecordingSink<>();
    PipelineBuilder<Long, Long> split = Pipeline.named("diamond")
        .from("read", counting(records, new AtomicLong()));
    PipelineBuilder<Long, Long> left = split.map("left", x -> 2 * x).ownThread()
        .withRingSize(ring);
    PipelineBuilder<Long, Long> right = split.map("right", x -> 2 * x + 1).ownThread()
        .withRingSize(ring);
    RunningPipeline<Long> run = left.mergeWith(right)
        .map("join", x -> x).withRingSize(ring)
        .to("sink", sink, StageOptions.defaults().withRingSize(ring)).start();

    PipelineReport report;
    try {
      report = run.awaitCompletion(Duration.ofSeconds(120));
    } catch (TimeoutException stuck) {
      PipelineReport counts = run.metrics();
      run.cancel();
      throw new AssertionError("the diamond did not finish (a deadlock?): " + counts, stuck);
    }

    List<Long> got = sink.records();
    assertThat(got).hasSize((int) (2 * records));
    assertThat(got.stream().filter(x -> x % 2 == 0).toList()).as("left, in order")
        .isEqualTo(LongStream.range(0, records).map(x -> 2 * x).boxed().toList());
    assertThat(got.stream().filter(x -> x % 2 == 1).toList()).as("right, in order")
        .isEqualTo(LongStream.range(0, records).map(x -> 2 * x + 1).boxed().toList());
    assertThat(report.stage("join").receivedByInput())
        .containsEntry("left", records).containsEntry("right", records);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aMergeOfTwoSourcesFlushesEndOfStreamOnlyWhenBothEnded() throws Exception {
    QueueSource<Integer> first = new QueueSource<>();
    QueueSource<Integer> second = new QueueSource<>();
    RecordingSink<Integer> sink = new RecordingSink<>();
    RunningPipeline<Integer> run = Pipeline.named("two").from("first", first)
        .mergeWith(Pipeline.from("second", second))
        .to("out", sink, Dispatch.batched(100)).start();

    first.offer(1, 2);
    first.end();
    second.offer(3);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> run.metrics().stage("out").received() == 3);
    assertThat(run.isDone()).isFalse();
    assertThat(sink.batches()).as("one source ended: no END_OF_STREAM flush yet").isEmpty();
    second.offer(4);
    second.end();
    PipelineReport report = run.awaitCompletion(Duration.ofSeconds(10));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(sink.batches()).containsExactly(
        new RecordingSink.Batch(4, FlushReason.END_OF_STREAM));
    assertThat(sink.records()).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(report.stage("out").receivedByInput()).containsEntry("first", 2L)
        .containsEntry("second", 2L);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
