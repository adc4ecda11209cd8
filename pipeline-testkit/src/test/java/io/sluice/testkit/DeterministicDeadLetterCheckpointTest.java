package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointStore;
import io.sluice.api.DeadLetter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dead-letter sinks under the deterministic runner: committed at each checkpoint, before it is
 * saved, and nothing a checkpoint counted is lost when the next run resumes from it.
 */
class DeterministicDeadLetterCheckpointTest {
  private final PipelineTester tester = PipelineTester.create();
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final List<String> events = new ArrayList<>();
  /** The letters a transaction made visible, across runs; a set: replays may repeat some. */
  private final Set<Object> visible = new LinkedHashSet<>();

  /** A dead-letter sink holding a transaction open: its letters are lost unless committed. */
  private final class TransactionalLetters implements Sink<DeadLetter> {
    private final List<Object> open = new ArrayList<>();

    @Override
    public void write(DeadLetter letter) {
      open.add(letter.record());
      events.add("letter " + letter.record());
    }

    @Override
    public void onCheckpoint(long checkpointId) {
      visible.addAll(open);
      open.clear();
      events.add("commit letters " + checkpointId);
    }
  }

  private Pipeline<Integer> job(TestSource<Integer> source, Sink<Integer> out) {
    return Pipeline.from("in", source)
        .map("odd", n -> {
          if (n % 3 == 0) {
            throw new IllegalArgumentException(n + " is a multiple of 3");
          }
          return n;
        }).withErrorPolicy(ErrorPolicy.deadLetter(new TransactionalLetters()))
        .to("out", out)
        .withCheckpoints(store, Duration.ofMinutes(1));
  }

  @Test
  void aCheckpointCommitsTheDeadLettersBeforeItIsSaved() throws Exception {
    TestSource<Integer> source = TestSource.create();
    DeterministicRun<Integer> run = tester.runDeterministic(job(source, n -> { }));
    source.push(1, 2, 3, 4, 5, 6);
    assertThat(visible).isEmpty();

    run.checkpoint();

    assertThat(visible).containsExactly(3, 6);
    assertThat(events).containsExactly("letter 3", "letter 6", "commit letters 1");
    assertThat(store.load().orElseThrow().positions()).containsEntry("in", "6");
    run.cancel();
  }

  @Test
  void aRunResumedAfterAFailureLosesNoDeadLetter() throws Exception {
    TestSource<Integer> first = TestSource.create();
    DeterministicRun<Integer> failing = tester.runDeterministic(job(first, n -> {
      if (n == 8) {
        throw new IllegalStateException("the table is locked");
      }
    }));
    first.push(1, 2, 3, 4, 5, 6);
    failing.checkpoint();
    first.push(7, 9, 8); // 9's letter is written, never committed: the run fails on 8

    assertThatThrownBy(failing::awaitCompletion).isInstanceOf(StageFailedException.class);
    assertThat(visible).containsExactly(3, 6);
    TestSource<Integer> second = TestSource.create();
    DeterministicRun<Integer> resumed = tester.runDeterministic(job(second, n -> { }));
    second.push(1, 2, 3, 4, 5, 6, 7, 9, 8, 12);
    resumed.checkpoint(); // the sink has no close that commits: only a checkpoint does
    second.complete();

    PipelineReport report = resumed.awaitCompletion();

    assertThat(report.checkpoints().orElseThrow().resumedFrom()).isPresent();
    assertThat(report.stage("odd").deadLettered()).isEqualTo(2); // 9 and 12, after the position
    assertThat(visible).containsExactlyInAnyOrder(3, 6, 9, 12);
  }
}
