package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link ResumableSource#checkpointCompleted}: a source learns, on its own thread, the position
 * of each completed checkpoint, only after the store saved it and every record before it was
 * written; and once more when the run completed, with its last position.
 */
class CheckpointCompletedTest {
  private final Set<Long> written = ConcurrentHashMap.newKeySet();
  private final List<String> saved = new CopyOnWriteArrayList<>();

  /** Counts up until it has been told of three completed checkpoints, checking each. */
  private final class TellingSource implements ResumableSource<Long> {
    final List<String> told = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<String> ended = new CopyOnWriteArrayList<>();
    private Thread thread;
    private long next;
    /** Set once the last poll returned: the call after it is the run's end. */
    private volatile boolean exhausted;

    @Override
    public void open(StageContext context) {
      thread = Thread.currentThread();
    }

    @Override
    public void openAt(StageContext context, String position) {
      open(context);
      next = Long.parseLong(position);
    }

    @Override
    public boolean poll(Emitter<Long> out) {
      for (int i = 0; i < 50; i++) {
        out.emit(next++);
      }
      exhausted = told.size() >= 3;
      return !exhausted;
    }

    @Override
    public String position() {
      return Long.toString(next);
    }

    @Override
    public void checkpointCompleted(String position) {
      if (Thread.currentThread() != thread) {
        problems.add("told on " + Thread.currentThread().getName());
      }
      if (exhausted) { // the end of the run: every record is written, the store is cleared
        ended.add(position);
      } else if (!saved.contains(position)) {
        problems.add("told " + position + " before the store saved it");
      }
      for (long n = 0; n < Long.parseLong(position); n++) {
        if (!written.contains(n)) {
          problems.add("told " + position + " but " + n + " is not written");
          break;
        }
      }
      if (!exhausted) {
        told.add(position);
      }
    }
  }

  @Test
  void aSourceIsToldEachCompletedCheckpointOnItsThreadAfterItsRecordsAreWritten()
      throws Exception {
    CheckpointStore memory = CheckpointStore.inMemory();
    CheckpointStore store = new CheckpointStore() {
      @Override
      public Optional<Checkpoint> load() throws Exception {
        return memory.load();
      }

      @Override
      public void save(Checkpoint checkpoint) throws Exception {
        memory.save(checkpoint);
        saved.add(checkpoint.positions().get("numbers"));
      }

      @Override
      public void clear() throws Exception {
        memory.clear();
      }
    };
    TellingSource source = new TellingSource();

    PipelineReport report = Pipeline.from("numbers", source)
        .map("same", (Long n) -> n)
        .to("save", written::add)
        .withCheckpoints(store, Duration.ofMillis(1))
        .run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(source.problems).isEmpty();
    assertThat(source.told).hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(position -> assertThat(saved).contains(position));
    assertThat(source.told.stream().map(Long::parseLong).toList()).isSorted();
    assertThat(source.ended).containsExactly(source.position()); // once, where it ended
  }
}
