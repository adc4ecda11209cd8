package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatch#smart(int)}: whatever has arrived, up to the maximum, never waiting. Batches of
 * one under light traffic, full batches under load, never an empty batch, order kept.
 */
class SmartBatchingTest {
  private static final int MAX = 64;

  /** Records each batch with its reason; lets the test hold the sink inside a batch. */
  private static final class HeldSink implements Sink<Integer> {
    record Batch(FlushReason reason, List<Integer> records) {}

    final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
    final Semaphore written = new Semaphore(0);
    volatile CountDownLatch holdFirst = new CountDownLatch(0);
    final CountDownLatch inFirst = new CountDownLatch(1);
    private StageContext context;

    @Override
    public void open(StageContext ctx) {
      context = ctx;
    }

    @Override
    public void write(Integer record) {
      throw new AssertionError("a sink that handles batches is handed batches");
    }

    @Override
    public void writeBatch(List<Integer> batch) throws InterruptedException {
      batches.add(new Batch(context.flushReason(), List.copyOf(batch)));
      if (batches.size() == 1) {
        inFirst.countDown();
        holdFirst.await(30, TimeUnit.SECONDS);
      }
      written.release(batch.size());
    }

    List<Batch> batches() {
      synchronized (batches) {
        return List.copyOf(batches);
      }
    }
  }

  @Test
  void underLightTrafficEachRecordIsHandedOverAloneAsSoonAsItArrives() throws Exception {
    HeldSink sink = new HeldSink();
    var run = Pipeline.live("light", Integer.class).to("save", sink, Dispatch.smart(MAX)).start();
    LiveInput<Integer> input = run.input();
    for (int i = 0; i < 5; i++) {
      input.push(i);
      assertThat(sink.written.tryAcquire(30, TimeUnit.SECONDS)).isTrue(); // then the next
    }
    input.complete();
    PipelineReport report = run.awaitCompletion();

    assertThat(sink.batches()).extracting(HeldSink.Batch::records)
        .containsExactly(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4));
    assertThat(sink.batches()).extracting(HeldSink.Batch::reason)
        .containsOnly(FlushReason.ARRIVED);
    assertThat(report.stage("save").batches(FlushReason.ARRIVED)).isEqualTo(5);
  }

  @Test
  void underLoadTheBatchesFillWhileTheStageIsBusy() throws Exception {
    HeldSink sink = new HeldSink();
    sink.holdFirst = new CountDownLatch(1);
    var run = Pipeline.live("load", Integer.class).to("save", sink, Dispatch.smart(MAX)).start();
    LiveInput<Integer> input = run.input();
    input.push(0);
    // the sink is now inside its first batch, held: everything pushed meanwhile waits in its ring
    assertThat(sink.inFirst.await(30, TimeUnit.SECONDS)).isTrue();
    int more = 3 * MAX + 7;
    for (int i = 1; i <= more; i++) {
      input.push(i);
    }
    input.complete(); // the end signal is in the ring behind the last records before they are
    sink.holdFirst.countDown(); // taken, whatever the timing
    run.awaitCompletion();

    List<HeldSink.Batch> batches = sink.batches();
    assertThat(batches).extracting(b -> b.records().size())
        .containsExactly(1, MAX, MAX, MAX, 7);
    // the end of the stream was in the ring with the last records: they end it, not ARRIVED
    assertThat(batches).extracting(HeldSink.Batch::reason).containsExactly(FlushReason.ARRIVED,
        FlushReason.SIZE, FlushReason.SIZE, FlushReason.SIZE, FlushReason.END_OF_STREAM);
    assertThat(batches.stream().flatMap(b -> b.records().stream()))
        .containsExactlyElementsOf(IntStream.rangeClosed(0, more).boxed().toList());
  }

  @Test
  void everyRecordArrivesInOrderInNonEmptyBatchesOfAtMostTheMaximum() throws Exception {
    int records = 50_000;
    HeldSink sink = new HeldSink();
    Source<Integer> uneven = new Source<>() {
      int next;
      int poll;

      @Override
      public boolean poll(Emitter<Integer> out) {
        int count = (poll++ * 37) % 300; // polls of 0 to 299 records
        for (int i = 0; i < count && next < records; i++) {
          out.emit(next++);
        }
        return next < records;
      }
    };

    PipelineReport report = Pipeline.from("read", uneven)
        .map("inc", (Integer x) -> x + 1).withDispatch(Dispatch.smart(MAX)).ownThread()
        .to("save", sink, Dispatch.smart(MAX))
        .run();

    List<HeldSink.Batch> batches = sink.batches();
    assertThat(batches).allSatisfy(batch -> {
      assertThat(batch.records()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX);
      assertThat(batch.reason()).isIn(FlushReason.SIZE, FlushReason.ARRIVED,
          FlushReason.END_OF_STREAM);
      assertThat(batch.reason() == FlushReason.SIZE).isEqualTo(batch.records().size() == MAX);
    });
    assertThat(batches.stream().flatMap(b -> b.records().stream()))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, records).boxed().toList());
    assertThat(report.stage("inc").batchesByReason().keySet())
        .isSubsetOf(FlushReason.SIZE, FlushReason.ARRIVED, FlushReason.END_OF_STREAM);
    assertThat(report.stage("save").totalBatches()).isEqualTo(batches.size());
  }
}
