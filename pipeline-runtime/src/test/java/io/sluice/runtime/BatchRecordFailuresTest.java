package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.BatchRecordsFailedException;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A batch call that says which of its records failed: only those take the policy, no split. */
class BatchRecordFailuresTest {
  private static final List<Integer> TEN = IntStream.rangeClosed(1, 10).boxed().toList();

  /** A bulk store refusing some records per item, as a bulk API reports them. */
  static final class BulkStore implements Sink<Integer> {
    final List<Integer> stored = new CopyOnWriteArrayList<>();
    final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    final Set<Integer> refused;
    final AtomicInteger refusalsLeft;

    BulkStore(Set<Integer> refused, int refusals) {
      this.refused = refused;
      this.refusalsLeft = new AtomicInteger(refusals);
    }

    @Override
    public void write(Integer record) {
      throw new AssertionError("batches only");
    }

    @Override
    public void writeBatch(List<Integer> batch) throws BatchRecordsFailedException {
      calls.add(List.copyOf(batch));
      BatchRecordsFailedException.Builder failed = BatchRecordsFailedException.builder();
      for (int i = 0; i < batch.size(); i++) {
        Integer record = batch.get(i);
        if (refused.contains(record) && refusalsLeft.getAndDecrement() > 0) {
          failed.fail(i, new IllegalArgumentException("refused " + record));
        } else {
          stored.add(record);
        }
      }
      failed.throwIfAny();
    }
  }

  private static PipelineReport run(Sink<Integer> sink, ErrorPolicy policy) throws Exception {
    return Pipeline.named("bulk").from("in", Source.fromIterable(TEN))
        .to("store", sink, Dispatch.batched(5), policy).run();
  }

  @Test
  void onlyTheReportedRecordsAreDeadLetteredAndTheBatchIsNotSplit() throws Exception {
    BulkStore store = new BulkStore(Set.of(2, 7, 8), Integer.MAX_VALUE);
    List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    PipelineReport report = run(store, ErrorPolicy.deadLetter(letters::add));

    assertThat(store.calls).hasSize(2); // one call per batch: nothing called twice
    assertThat(store.stored).containsExactly(1, 3, 4, 5, 6, 9, 10);
    assertThat(letters).extracting(DeadLetter::record).containsExactly(2, 7, 8);
    assertThat(letters.get(0).exception()).hasMessage("refused 2");
    assertThat(report.stage("store").passedOn()).isEqualTo(7);
    assertThat(report.stage("store").deadLettered()).isEqualTo(3);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aRetryCallsOnlyTheFailedRecordsAgainAsABatchOfTheirOwn() throws Exception {
    BulkStore store = new BulkStore(Set.of(3, 4), 2); // refused once each
    PipelineReport report = run(store,
        ErrorPolicy.retry(3, Duration.ZERO, Duration.ZERO).thenSkip());

    assertThat(store.calls).containsExactly(List.of(1, 2, 3, 4, 5), List.of(3, 4),
        List.of(6, 7, 8, 9, 10));
    assertThat(store.stored).containsExactlyInAnyOrderElementsOf(TEN);
    assertThat(report.stage("store").passedOn()).isEqualTo(10);
    assertThat(report.stage("store").retried()).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void underFailFastTheFirstReportedRecordFailsTheRunAndTheOthersCountAsWritten()
      throws Exception {
    BulkStore store = new BulkStore(Set.of(4, 5), Integer.MAX_VALUE);
    var running = Pipeline.named("bulk").from("in", Source.fromIterable(TEN))
        .to("store", store, Dispatch.batched(5)).start();
    try {
      running.awaitCompletion();
    } catch (StageFailedException expected) {
      // read below
    }
    PipelineReport report = running.report().orElseThrow();

    StageFailedException failure = report.failure().orElseThrow();
    assertThat(failure.record()).contains(4);
    assertThat(failure).hasMessageContaining("1 more record(s) of the batch failed too")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(store.calls).hasSize(1);
    assertThat(report.stage("store").passedOn()).isEqualTo(3);
    assertThat(report.stage("store").failed()).isEqualTo(2);
    assertThat(report.stage("store").stranded()).isEqualTo(5);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aStageEmitsForTheRecordsThatSucceededAndSkipsTheReportedOnes() throws Exception {
    Stage<Integer, Integer> enrich = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        throw new AssertionError("batches only");
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<Integer> out)
          throws BatchRecordsFailedException {
        BatchRecordsFailedException.Builder failed = BatchRecordsFailedException.builder();
        for (int i = 0; i < batch.size(); i++) {
          if (batch.get(i) % 4 == 0) {
            failed.fail(i, new IllegalStateException("no data for " + batch.get(i)));
          } else {
            out.emit(batch.get(i) * 10);
          }
        }
        failed.throwIfAny();
      }
    };
    RecordingSink<Integer> sink = new RecordingSink<>();
    PipelineReport report = Pipeline.named("enrich").from("in", Source.fromIterable(TEN))
        .stage("enrich", enrich, Dispatch.batched(5)).withErrorPolicy(ErrorPolicy.skip())
        .to("out", sink).run();

    assertThat(sink.records()).containsExactly(10, 20, 30, 50, 60, 70, 90, 100);
    assertThat(report.stage("enrich").skipped()).isEqualTo(2);
    assertThat(report.stage("enrich").passedOn()).isEqualTo(8);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aReportedIndexOutsideTheBatchFailsTheRunNamingTheStage() throws Exception {
    Sink<Integer> confused = new Sink<>() {
      @Override
      public void write(Integer record) {
      }

      @Override
      public void writeBatch(List<Integer> batch) throws BatchRecordsFailedException {
        throw new BatchRecordsFailedException(Map.of(batch.size(), new RuntimeException("x")));
      }
    };
    var running = Pipeline.named("confused").from("in", Source.fromIterable(TEN))
        .to("store", confused, Dispatch.batched(5), ErrorPolicy.skip()).start();
    try {
      running.awaitCompletion();
    } catch (StageFailedException expected) {
      // read below
    }
    PipelineReport report = running.report().orElseThrow();

    assertThat(report.failure().orElseThrow().stageName()).isEqualTo("store");
    assertThat(report.failure().orElseThrow()).hasRootCauseMessage("x");
    assertThat(report.failure().orElseThrow().getMessage()).contains("reported record 5");
    assertThat(report.accountingBreaches()).isEmpty();
  }
}
