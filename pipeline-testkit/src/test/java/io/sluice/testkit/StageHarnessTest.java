package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageHarnessTest {
  private static final Duration MAX_WAIT = Duration.ofMillis(100);

  /** Emits each record doubled. */
  private static final Stage<Integer, Integer> DOUBLE = (record, out) -> out.emit(record * 2);

  @Test
  void advancingOneNanosecondShortOfMaxWaitFlushesNothingAndMaxWaitFlushesOnceWithTime() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE)
        .dispatch(Dispatch.batched(10, MAX_WAIT));
    harness.push(1, 2);

    harness.advance(MAX_WAIT.minusNanos(1));
    assertThat(harness.batches()).isEmpty();
    assertThat(harness.emitted()).isEmpty();
    assertThat(harness.pending()).isEqualTo(2);

    harness.advance(Duration.ofNanos(1));
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.TIME, List.of(1, 2)));
    assertThat(harness.emitted()).containsExactly(2, 4);
    assertThat(harness.pending()).isZero();

    harness.advance(MAX_WAIT.multipliedBy(5));
    assertThat(harness.batches()).hasSize(1);
  }

  @Test
  void theTimerStartsWithTheFirstRecordOfEachBatch() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE)
        .dispatch(Dispatch.batched(10, MAX_WAIT));
    harness.push(1).advance(Duration.ofMillis(60)).push(2).advance(Duration.ofMillis(39));
    assertThat(harness.batches()).isEmpty();
    harness.advance(Duration.ofMillis(1)); // 100 ms after record 1, 40 ms after record 2
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.TIME, List.of(1, 2)));

    harness.push(3).advance(MAX_WAIT.minusNanos(1));
    assertThat(harness.batches()).hasSize(1);
    harness.advance(Duration.ofNanos(1));
    assertThat(harness.batches()).last().isEqualTo(new Batch<>(FlushReason.TIME, List.of(3)));
  }

  @Test
  void aFullBatchGoesBySizeAndTheRestAtTheEndOfTheStream() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE)
        .dispatch(Dispatch.batched(3, MAX_WAIT));
    harness.push(1, 2, 3, 4);
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.SIZE, List.of(1, 2, 3)));
    assertThat(harness.pending()).isEqualTo(1);
    harness.end();
    assertThat(harness.batches()).extracting(Batch::reason)
        .containsExactly(FlushReason.SIZE, FlushReason.END_OF_STREAM);
    assertThat(harness.batches()).extracting(Batch::size).containsExactly(3, 1);
    assertThat(harness.emitted()).containsExactly(2, 4, 6, 8);
    assertThat(harness.report().batchesByReason())
        .containsEntry(FlushReason.SIZE, 1L).containsEntry(FlushReason.END_OF_STREAM, 1L);
    assertThat(harness.report().received()).isEqualTo(4);
    assertThat(harness.report().emitted()).isEqualTo(4);
  }

  @Test
  void drainFlushesThePendingBatchWithReasonDrain() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE)
        .dispatch(Dispatch.batched(5));
    harness.push(1, 2).drain();
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.DRAIN, List.of(1, 2)));
    assertThat(harness.isClosed()).isTrue();
  }

  @Test
  void anEmptyBatchIsNeverDelivered() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE)
        .dispatch(Dispatch.batched(2, MAX_WAIT));
    harness.push(1, 2).advance(MAX_WAIT).end();
    assertThat(harness.batches()).containsExactly(new Batch<>(FlushReason.SIZE, List.of(1, 2)));
  }

  @Test
  void perRecordHandsEachRecordOverAtOnceAndMakesNoBatches() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE);
    harness.push(1);
    assertThat(harness.emitted()).containsExactly(2);
    harness.push(2).end();
    assertThat(harness.emitted()).containsExactly(2, 4);
    assertThat(harness.batches()).isEmpty();
    assertThat(harness.report().totalBatches()).isZero();
  }

  @Test
  void theStageSeesTheFlushReasonOfEachBatchInItsContext() {
    class ReasonStage implements Stage<Integer, String> {
      private StageContext context;

      @Override
      public void open(StageContext ctx) {
        context = ctx;
      }

      @Override
      public void process(Integer record, Emitter<String> out) {
        out.emit("record " + context.flushReason());
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<String> out) {
        out.emit(batch.size() + " " + context.flushReason());
      }
    }
    StageHarness<Integer, String> harness = StageHarness.of(new ReasonStage())
        .named("reasons").dispatch(Dispatch.batched(2, MAX_WAIT));
    harness.push(1, 2, 3).advance(MAX_WAIT).push(4).end();
    assertThat(harness.emitted()).containsExactly("2 SIZE", "1 TIME", "1 END_OF_STREAM");
  }

  @Test
  void opensOnceBeforeTheFirstRecordAndClosesOnceAtTheEnd() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE);
    assertThat(harness.openCalls()).isZero();
    harness.push(1);
    assertThat(harness.openCalls()).isEqualTo(1);
    assertThat(harness.closeCalls()).isZero();
    harness.push(2).end();
    harness.close();
    assertThat(harness.openCalls()).isEqualTo(1);
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void misuseIsRejected() {
    StageHarness<Integer, Integer> harness = StageHarness.of(DOUBLE).named("double");
    harness.push(1);
    assertThatThrownBy(() -> harness.dispatch(Dispatch.batched(2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'double' is already open");
    harness.end();
    assertThatThrownBy(() -> harness.push(2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("has ended");
    assertThatThrownBy(harness::end).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> StageHarness.of(DOUBLE).named("double").dispatch(Dispatch.batched(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'double'").hasMessageContaining("0");
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void aFailingRecordClosesTheStageAndThrowsTheRuntimesFailure() {
    Stage<Integer, Integer> picky = (record, out) -> {
      if (record == 3) {
        throw new IllegalArgumentException("no threes");
      }
      out.emit(record);
    };
    StageHarness<Integer, Integer> harness = StageHarness.of(picky).named("picky");
    assertThatThrownBy(() -> harness.push(1, 2, 3, 4))
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'picky'").hasMessageContaining("record 3")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(harness.emitted()).containsExactly(1, 2);
    assertThat(harness.closeCalls()).isEqualTo(1);
    assertThat(harness.isClosed()).isTrue();
  }

  @Test
  void aFailingBatchNamesTheBatchAndAFailingTimeFlushSurfacesFromAdvance() {
    Stage<Integer, Integer> failing = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        out.emit(record);
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<Integer> out) {
        throw new IllegalStateException("batch refused");
      }
    };
    StageHarness<Integer, Integer> harness = StageHarness.of(failing).named("bulk")
        .dispatch(Dispatch.batched(10, MAX_WAIT));
    harness.push(7, 8);
    assertThatThrownBy(() -> harness.advance(MAX_WAIT))
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'bulk'").hasMessageContaining("batch of 2 records");
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void anAssertionFailingInsideTheStageFailsItLikeAnException() {
    Stage<Integer, Integer> asserting = (record, out) -> {
      assertThat(record).isPositive();
      out.emit(record);
    };
    StageHarness<Integer, Integer> harness = StageHarness.of(asserting).named("asserting");
    assertThatThrownBy(() -> harness.push(1, -1)).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'asserting'").hasCauseInstanceOf(AssertionError.class);
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void aStageWhoseOpenFailsIsStillClosedOnce() {
    Stage<Integer, Integer> broken = new Stage<>() {
      @Override
      public void open(StageContext context) {
        throw new IllegalStateException("no connection");
      }

      @Override
      public void process(Integer record, Emitter<Integer> out) {
        out.emit(record);
      }
    };
    StageHarness<Integer, Integer> harness = StageHarness.of(broken);
    assertThatThrownBy(() -> harness.push(1))
        .isInstanceOf(StageFailedException.class).hasRootCauseMessage("no connection");
    assertThat(harness.openCalls()).isEqualTo(1);
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void aFailingCloseIsThrownFromEnd() {
    Stage<Integer, Integer> leaky = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        out.emit(record);
      }

      @Override
      public void close() {
        throw new IllegalStateException("cannot release");
      }
    };
    StageHarness<Integer, Integer> harness = StageHarness.of(leaky).named("leaky").push(1);
    assertThatThrownBy(harness::end).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'leaky'").hasRootCauseMessage("cannot release");
    assertThat(harness.closeCalls()).isEqualTo(1);
  }

  @Test
  void aSinkIsDrivenTheSameWayAndEmitsNothing() {
    TestSink<String> sink = TestSink.create();
    StageHarness<String, Void> harness = StageHarness.ofSink((Sink<String>) sink)
        .named("save").dispatch(Dispatch.batched(2, MAX_WAIT));
    harness.push("a", "b", "c").advance(MAX_WAIT).end();
    assertThat(sink.records()).containsExactly("a", "b", "c");
    assertThat(sink.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.TIME);
    assertThat(harness.emitted()).isEmpty();
    assertThat(sink.closeCalls()).isEqualTo(1);
    assertThat(harness.report().emitted()).isZero();
  }

  @Test
  void harnessesSharingAClockFlushInTheirOwnTime() {
    VirtualClock clock = VirtualClock.create();
    StageHarness<Integer, Integer> fast = StageHarness.of(DOUBLE).clock(clock)
        .dispatch(Dispatch.batched(10, Duration.ofMillis(10)));
    StageHarness<Integer, Integer> slow = StageHarness.of(DOUBLE).clock(clock)
        .dispatch(Dispatch.batched(10, Duration.ofMillis(30)));
    fast.push(1);
    slow.push(2);
    clock.advance(Duration.ofMillis(20));
    assertThat(fast.batches()).hasSize(1);
    assertThat(slow.batches()).isEmpty();
    clock.advance(Duration.ofMillis(10));
    assertThat(slow.batches()).hasSize(1);
  }
}
