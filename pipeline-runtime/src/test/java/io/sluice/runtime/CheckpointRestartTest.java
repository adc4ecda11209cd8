package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointReport;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.SideOutput;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints on the local runner: barriers travel behind the records, so a saved position is one
 * up to which every record has reached its fate at every sink; a run started with the store
 * resumes there.
 */
class CheckpointRestartTest {
  private static final Duration OFTEN = Duration.ofMillis(1);
  private static final SideOutput<Long> ODD = SideOutput.of("odd", Long.class);

  private final Set<Long> written = ConcurrentHashMap.newKeySet();

  /** Every number below {@code end} from {@code start} not written yet (at most a few). */
  private List<String> notWritten(long start, String position) {
    long end = Long.parseLong(position);
    return LongStream.range(start, end).filter(n -> !written.contains(n)).limit(5)
        .mapToObj(n -> n + " before position " + end + " not written").toList();
  }

  @Test
  void aSavedCheckpointCoversEveryRecordBeforeItsPositionAndTheCompletedRunClearsTheStore()
      throws Exception {
    CheckingStore store = new CheckingStore(cp -> notWritten(0, cp.positions().get("numbers")));
    NumberSource numbers = new NumberSource(0, 20_000, 100, 10_000, store.saved);
    Pipeline<Long> job = Pipeline.from("numbers", numbers)
        .map("same", n -> n)
        .to("save", new Sink<Long>() {
          @Override
          public void write(Long n) {
            written.add(n);
          }

          @Override
          public void writeBatch(List<Long> batch) {
            written.addAll(batch);
          }
        }, Dispatch.batched(64))
        .withCheckpoints(store, OFTEN);

    PipelineReport report = job.run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(store.violations).isEmpty();
    assertThat(store.saves).isNotEmpty().allSatisfy(cp ->
        assertThat(Long.parseLong(cp.positions().get("numbers"))).isEqualTo(cp.records()
            .get("numbers")));
    assertThat(report.stage("save").batchesByReason()).containsKey(FlushReason.CHECKPOINT);
    CheckpointReport checkpoints = report.checkpoints().orElseThrow();
    assertThat(checkpoints.taken()).isEqualTo(store.saves.size() + 1); // the final one too
    assertThat(checkpoints.last().orElseThrow().positions()).containsEntry("numbers", "20000");
    assertThat(checkpoints.resumedFrom()).isEmpty();
    assertThat(checkpoints.replayed()).hasValue(0);
    assertThat(checkpoints.stored()).isEmpty();
    assertThat(store.load()).isEmpty();
    assertThat(written).hasSize(20_000);
    assertThat(report.toString()).contains("checkpoints: " + checkpoints.taken() + " taken");
  }

  @Test
  void aFailedRunResumesFromItsLastCheckpointAndTheRunsAccountForEveryRecord() throws Exception {
    CheckingStore store = new CheckingStore(cp -> notWritten(0, cp.positions().get("numbers")));
    AtomicBoolean broken = new AtomicBoolean(true);
    Sink<Long> sink = n -> {
      if (broken.get() && n == 15_000) {
        throw new IllegalStateException("disk full at " + n);
      }
      written.add(n);
    };
    Pipeline<Long> job = Pipeline.named("import")
        .from("numbers", () -> new NumberSource(0, 20_000, 100, 10_000, store.saved))
        .filter("all", n -> true)
        .to("save", sink, Dispatch.batched(50))
        .withCheckpoints(store, OFTEN);

    PipelineReport first = awaitEnd(job.start());
    assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
    Checkpoint stored = store.load().orElseThrow();
    long firstRead = first.stage("numbers").emitted();
    assertThat(stored.readAfter()).hasValue(firstRead - stored.recordsBefore());
    assertThat(stored.recordsBefore()).isLessThanOrEqualTo(15_000);
    assertThat(first.checkpoints().orElseThrow().stored()).contains(stored);
    broken.set(false);

    PipelineReport second = job.run();

    assertThat(second.outcome()).isEqualTo(Outcome.COMPLETED);
    CheckpointReport resumed = second.checkpoints().orElseThrow();
    assertThat(resumed.resumedFrom()).contains(stored);
    assertThat(resumed.replayed()).isEqualTo(stored.readAfter());
    long secondRead = second.stage("numbers").emitted();
    assertThat(secondRead).isEqualTo(20_000 - stored.recordsBefore());
    assertThat(firstRead + secondRead - resumed.replayed().getAsLong()).isEqualTo(20_000);
    assertThat(written).hasSize(20_000);
    assertThat(store.violations).isEmpty();
  }

  private static PipelineReport awaitEnd(RunningPipeline<Long> run) throws InterruptedException {
    try {
      run.awaitCompletion();
    } catch (RuntimeException failed) {
      // the report says how it ended
    }
    return run.report().orElseThrow();
  }

  @Test
  void barriersAlignWhereTwoSourcesMergeAndTravelSideOutputs() throws Exception {
    CheckingStore store = new CheckingStore(cp -> {
      List<String> missing = new ArrayList<>(notWritten(0, cp.positions().get("low")));
      missing.addAll(notWritten(1_000_000, cp.positions().get("high")));
      return missing;
    });
    Pipeline<Long> job = Pipeline.named("merged")
        .from("low", new NumberSource(0, 10_000, 50, 5_000, store.saved))
        .mergeWith(Pipeline.from("high", NumberSource.of(1_000_000, 10_000)))
        .<Long>stage("route", () -> (n, out) -> {
          if (n % 2 == 0) {
            out.emit(n);
          } else {
            out.emit(ODD, n);
          }
        })
        .sideOutputTo(ODD, "odds", n -> written.add(n), Dispatch.batched(7))
        .to("evens", n -> written.add(n), Dispatch.batched(5))
        .withCheckpoints(store, OFTEN);

    PipelineReport report = job.run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(store.saves).isNotEmpty()
        .allSatisfy(cp -> assertThat(cp.positions()).containsKeys("low", "high"));
    assertThat(store.violations).isEmpty();
    assertThat(written).hasSize(20_000);
  }

  @Test
  void aDrainedRunSavesWhereItsSourceStoppedAndTheNextRunStartsThere() throws Exception {
    CheckpointStore store = CheckpointStore.inMemory();
    NumberSource endless = new NumberSource(0, -1, 10, -1, new java.util.concurrent
        .CountDownLatch(0));
    Pipeline<Long> job = Pipeline.from("numbers", endless)
        .to("save", n -> written.add(n), Dispatch.batched(16))
        .withCheckpoints(store, Duration.ofSeconds(30));
    RunningPipeline<Long> run = job.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> written.size() > 1_000);

    run.close();

    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    Checkpoint stored = store.load().orElseThrow();
    assertThat(stored.readAfter()).hasValue(0);
    assertThat(stored.positions()).containsEntry("numbers", Long.toString(written.size()));
    assertThat(report.checkpoints().orElseThrow().stored()).contains(stored);

    RunningPipeline<Long> again = job.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> endless.openedAt != null);
    again.cancel();
    assertThat(endless.openedAt).isEqualTo(stored.positions().get("numbers"));
  }

  @Test
  void aSourceThatCannotResumeIsRejectedWhenTheRunStarts() {
    Pipeline<Long> job = Pipeline.from("plain", (Source<Long>) out -> false)
        .to("save", n -> { })
        .withCheckpoints(CheckpointStore.inMemory(), OFTEN);

    assertThatThrownBy(job::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source 'plain'").hasMessageContaining("ResumableSource");
  }
}
