package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A failed batch is split until only its poison records take the policy. */
class PoisonIsolationTest {

  /** Writes a batch all or nothing, like a transaction: it checks every record first. */
  static final class TransactionalSink implements Sink<Integer> {
    final Set<Integer> poison;
    final boolean splittable;
    final List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> callSizes = new CopyOnWriteArrayList<>();

    TransactionalSink(Set<Integer> poison, boolean splittable) {
      this.poison = poison;
      this.splittable = splittable;
    }

    @Override
    public void write(Integer record) {
      throw new AssertionError("a sink with its own writeBatch is called with batches");
    }

    @Override
    public void writeBatch(List<Integer> batch) {
      callSizes.add(batch.size());
      for (Integer record : batch) {
        if (poison.contains(record)) {
          throw new IllegalArgumentException("poison " + record);
        }
      }
      written.addAll(batch);
    }

    @Override
    public boolean allowsBatchSplitting() {
      return splittable;
    }
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<Integer> without(List<Integer> records, Set<Integer> removed) {
    return records.stream().filter(r -> !removed.contains(r)).toList();
  }

  @Test
  void threePoisonRecordsInABatchOf1000AreDeadLetteredAndTheOther997ArriveInOrder()
      throws Exception {
    Set<Integer> poison = Set.of(17, 500, 998);
    TransactionalSink sink = new TransactionalSink(poison, true);
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();

    PipelineReport report = Pipeline.named("isolate").from("read", Source.fromIterable(range(1000)))
        .to("save", sink, Dispatch.batched(1000), ErrorPolicy.deadLetter(deadLetters))
        .run();

    assertThat(sink.written).isEqualTo(without(range(1000), poison));
    assertThat(deadLetters.records()).extracting(DeadLetter::record).containsExactly(17, 500, 998);
    assertThat(deadLetters.records()).allSatisfy(letter -> {
      assertThat(letter.pipelineName()).isEqualTo("isolate");
      assertThat(letter.stageName()).isEqualTo("save");
      assertThat(letter.exception()).hasMessage("poison " + letter.record());
      assertThat(letter.flushReason()).contains(FlushReason.SIZE);
      assertThat(letter.batchSize()).isEqualTo(1000);
      // the whole batch, then one failing part per halving down to the record: ceil(log2 1000)
      assertThat(letter.attempts()).isBetween(10, 11);
    });
    StageReport save = report.stage("save");
    assertThat(save.received()).isEqualTo(1000);
    assertThat(save.passedOn()).isEqualTo(997);
    assertThat(save.deadLettered()).isEqualTo(3);
    assertThat(save.unaccounted()).isZero();
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(deadLetters.opens).isEqualTo(1);
    assertThat(deadLetters.closes).isEqualTo(1);
  }

  @Test
  void halvesAreTriedLeftToRightAndEachFailingRecordCountsItsAttempts() throws Exception {
    TransactionalSink sink = new TransactionalSink(Set.of(5), true);
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();

    Pipeline.from("read", Source.fromIterable(range(8)))
        .to("save", sink, Dispatch.batched(8), ErrorPolicy.deadLetter(deadLetters)).run();

    // 8 fails; [0,4) passes; [4,8) fails; [4,6) fails; [4] passes; [5] fails; [6,8) passes
    assertThat(sink.callSizes).containsExactly(8, 4, 4, 2, 1, 1, 2);
    assertThat(sink.written).containsExactly(0, 1, 2, 3, 4, 6, 7);
    assertThat(deadLetters.records()).singleElement()
        .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(4));
  }

  @Test
  void aSinkThatForbidsSplittingHasItsWholeFailedBatchDeadLettered() throws Exception {
    TransactionalSink sink = new TransactionalSink(Set.of(15), false);
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();

    PipelineReport report = Pipeline.from("read", Source.fromIterable(range(40)))
        .to("save", sink, Dispatch.batched(10), ErrorPolicy.deadLetter(deadLetters)).run();

    assertThat(sink.callSizes).containsExactly(10, 10, 10, 10);
    assertThat(deadLetters.records()).extracting(DeadLetter::record)
        .containsExactlyElementsOf(range(40).subList(10, 20));
    assertThat(sink.written).isEqualTo(without(range(40), Set.copyOf(range(40).subList(10, 20))));
    assertThat(report.stage("save").deadLettered()).isEqualTo(10);
  }

  @Test
  void aBatchIsRetriedWholeBeforeItIsSplit() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Integer> written = new CopyOnWriteArrayList<>();
    Sink<Integer> flaky = new Sink<>() {
      @Override
      public void write(Integer record) {
        throw new AssertionError("batches only");
      }

      @Override
      public void writeBatch(List<Integer> batch) {
        if (calls.incrementAndGet() <= 2) {
          throw new IllegalStateException("connection reset");
        }
        written.addAll(batch);
      }
    };
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();

    PipelineReport report = Pipeline.from("read", Source.fromIterable(range(50)))
        .to("save", flaky, Dispatch.batched(50), ErrorPolicy.retry(3, Duration.ZERO,
            Duration.ZERO).thenDeadLetter(deadLetters)).run();

    assertThat(calls).hasValue(3);
    assertThat(written).isEqualTo(range(50));
    assertThat(deadLetters.records()).isEmpty();
    assertThat(report.stage("save").retried()).isEqualTo(2);
    assertThat(report.stage("save").passedOn()).isEqualTo(50);
  }

  @Test
  void whatAFailedBatchCallEmittedIsNeverPassedOn() throws Exception {
    Stage<Integer, Integer> emitsThenThrows = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        throw new AssertionError("batches only");
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<Integer> out) {
        batch.forEach(out::emit); // emits first, then finds the poison: output must be dropped
        if (batch.contains(33)) {
          throw new IllegalArgumentException("poison 33");
        }
      }
    };
    RecordingSink<Integer> sink = new RecordingSink<>();
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();

    PipelineReport report = Pipeline.from("read", Source.fromIterable(range(100)))
        .stage("enrich", emitsThenThrows, Dispatch.batched(16))
        .withErrorPolicy(ErrorPolicy.deadLetter(deadLetters))
        .to("save", sink).run();

    assertThat(sink.records()).isEqualTo(without(range(100), Set.of(33)));
    assertThat(report.stage("enrich").emitted()).isEqualTo(99);
    assertThat(report.stage("enrich").deadLettered()).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aSinkWithoutWriteBatchIsCalledOncePerRecordEvenWhenBatched() throws Exception {
    List<Integer> calls = new CopyOnWriteArrayList<>();
    Sink<Integer> perRecord = record -> {
      calls.add(record);
      if (record == 42) {
        throw new IllegalArgumentException("poison 42");
      }
    };
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();

    PipelineReport report = Pipeline.from("read", Source.fromIterable(range(100)))
        .to("save", perRecord, Dispatch.batched(25), ErrorPolicy.deadLetter(deadLetters)).run();

    assertThat(calls).isEqualTo(range(100)); // pinned on its record at once: nothing re-written
    assertThat(deadLetters.records()).singleElement().satisfies(letter -> {
      assertThat(letter.record()).isEqualTo(42);
      assertThat(letter.attempts()).isEqualTo(1);
      assertThat(letter.batchSize()).isEqualTo(25);
      assertThat(letter.flushReason()).contains(FlushReason.SIZE);
    });
    assertThat(report.stage("save").passedOn()).isEqualTo(99);
    assertThat(report.stage("save").batches(FlushReason.SIZE)).isEqualTo(4);
  }
}
