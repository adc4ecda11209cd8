package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.CheckpointStore;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Dead-letter sinks take part in checkpoints on the local runner: a checkpoint counts only once
 * the dead-letter sink shared by two stages has committed every letter of a record before it.
 */
class DeadLetterCheckpointTest {
  private static final long COUNT = 20_000;

  private final Set<Long> written = ConcurrentHashMap.newKeySet();
  private final BufferedLetters letters = new BufferedLetters();

  /** Multiples of 7 fail in "sevens", other multiples of 11 in "elevens": both dead-letter. */
  private static boolean deadLettered(long n) {
    return n % 7 == 0 || n % 11 == 0;
  }

  /** What a checkpoint at {@code position} promises but is not so (at most a few). */
  private List<String> notDone(String position) {
    long end = Long.parseLong(position);
    return LongStream.range(0, end)
        .filter(n -> deadLettered(n) ? !letters.committed.contains(n) : !written.contains(n))
        .limit(5).mapToObj(n -> n + " before position " + end + " has no committed fate")
        .toList();
  }

  private Pipeline<Long> job(CheckingStore store, Sink<Long> save, long gateAt) {
    ErrorPolicy policy = ErrorPolicy.deadLetter(letters);
    return Pipeline.named("letters")
        .from("numbers", () -> new NumberSource(0, COUNT, 50, gateAt, store.saved))
        .map("sevens", n -> {
          if (n % 7 == 0) {
            throw new IllegalArgumentException("seven divides " + n);
          }
          return n;
        }).withErrorPolicy(policy).withDispatch(Dispatch.batched(32))
        .map("elevens", n -> {
          if (n % 11 == 0) {
            throw new IllegalArgumentException("eleven divides " + n);
          }
          return n;
        }).withErrorPolicy(policy)
        .to("save", save, Dispatch.batched(64))
        .withCheckpoints(store, Duration.ofMillis(1));
  }

  @Test
  void aCheckpointIsSavedOnlyOnceTheSharedDeadLetterSinkCommittedTheLettersBeforeIt()
      throws Exception {
    CheckingStore store = new CheckingStore(cp -> notDone(cp.positions().get("numbers")));

    PipelineReport report = job(store, written::add, COUNT / 2).run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(store.saves).isNotEmpty();
    assertThat(store.violations).isEmpty();
    assertThat(letters.commits).isNotEmpty().isSorted().doesNotHaveDuplicates();
    assertThat(letters.committed).hasSize((int) LongStream.range(0, COUNT)
        .filter(DeadLetterCheckpointTest::deadLettered).count());
  }

  @Test
  void aRestartAfterAFailureLosesNoDeadLetterItsCheckpointCounted() throws Exception {
    CheckingStore store = new CheckingStore(cp -> notDone(cp.positions().get("numbers")));
    AtomicBoolean broken = new AtomicBoolean(true);
    Sink<Long> save = n -> {
      if (broken.get() && n == 15_002) {
        throw new IllegalStateException("disk full at " + n);
      }
      written.add(n);
    };
    letters.loseOnClose = true; // the first run dies: what it did not commit is gone
    Pipeline<Long> job = job(store, save, 10_000);

    PipelineReport first = awaitEnd(job.start());

    assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(store.saves).isNotEmpty();
    assertThat(first.stage("sevens").deadLettered()).isPositive();
    broken.set(false);
    letters.loseOnClose = false;

    PipelineReport second = job.run();

    assertThat(second.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(store.violations).isEmpty();
    List<Long> lost = LongStream.range(0, COUNT)
        .filter(n -> deadLettered(n) ? !letters.committed.contains(n) : !written.contains(n))
        .boxed().limit(5).toList();
    assertThat(lost).isEmpty();
  }

  @Test
  void aDeadLetterSinkThatCannotCommitFailsTheRunNamingItAndNoCheckpointCompletes() {
    CheckingStore store = new CheckingStore(cp -> List.of());
    Sink<DeadLetter> refusing = new Sink<>() {
      @Override
      public void write(DeadLetter letter) {}

      @Override
      public void onCheckpoint(long checkpointId) {
        throw new IllegalStateException("the letters table is read-only");
      }

      @Override
      public String toString() {
        return "letters table";
      }
    };
    Pipeline<Long> job = Pipeline.named("refused")
        .from("numbers", () -> NumberSource.of(0, COUNT))
        .map("check", n -> {
          if (n == 0) {
            throw new IllegalArgumentException("zero");
          }
          return n;
        }).withErrorPolicy(ErrorPolicy.deadLetter(refusing))
        .to("save", written::add)
        .withCheckpoints(store, Duration.ofMillis(1));

    PipelineReport report = awaitEnd(job.start());

    assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.failure()).hasValueSatisfying(failure -> assertThat(failure)
        .hasMessageContaining("check").hasMessageContaining("dead-letter sink letters table")
        .hasMessageContaining("onCheckpoint").hasRootCauseMessage("the letters table is read-only"));
    assertThat(report.checkpoints().orElseThrow().taken()).isZero();
    assertThat(store.saves).allSatisfy(cp -> assertThat(cp.recordsBefore()).isZero());
  }

  private static PipelineReport awaitEnd(RunningPipeline<Long> run) {
    try {
      run.awaitCompletion();
    } catch (RuntimeException failed) {
      // the report says how it ended
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return run.report().orElseThrow();
  }
}
