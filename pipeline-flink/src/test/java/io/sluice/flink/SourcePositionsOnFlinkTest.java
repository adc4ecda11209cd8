package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.ResumableSource;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.testkit.conformance.Recorder;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resumable source's position travels in Flink's checkpoints: a job that a stage fails once is
 * restarted by Flink from its last checkpoint, and the source is reopened there.
 */
class SourcePositionsOnFlinkTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();

  private static final int TOTAL = 300;
  private static final int WAIT_AT = 100;
  private static final int FAIL_AT = 200;

  private final Recorder recorder = Recorder.create();
  private final String key = UUID.randomUUID().toString();

  @AfterEach
  void forget() {
    recorder.close();
    Journal.BY_KEY.remove(key);
  }

  /**
   * What the test's source and stage saw across the attempts of one job, kept JVM-wide (the
   * MiniCluster runs in this JVM; the instances are made from shipped factories).
   */
  static final class Journal {
    static final Map<String, Journal> BY_KEY = new ConcurrentHashMap<>();
    final List<String> opens = new CopyOnWriteArrayList<>();
    final List<String> positions = new CopyOnWriteArrayList<>();
    final List<String> completed = new CopyOnWriteArrayList<>();
    final AtomicBoolean failed = new AtomicBoolean();
    final List<Integer> letters = new CopyOnWriteArrayList<>();
    /** Per commit of the dead-letter sink, the letters it had been given by then. */
    final List<List<Integer>> letterCommits = new CopyOnWriteArrayList<>();

    static Journal of(String key) {
      return BY_KEY.computeIfAbsent(key, k -> new Journal());
    }

    boolean completedAtOrPast(long count) {
      return completed.stream().anyMatch(p -> Long.parseLong(p) >= count);
    }
  }

  /**
   * Emits 1..TOTAL, one per poll; at WAIT_AT it emits nothing until a checkpoint at or past it
   * completed, so the failure later comes after a completed checkpoint.
   */
  static final class Numbers implements ResumableSource<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;
    private long next;

    Numbers(String key) {
      this.key = key;
    }

    @Override
    public void open(StageContext context) {
      Journal.of(key).opens.add("open");
    }

    @Override
    public void openAt(StageContext context, String position) {
      next = ResumableSource.recordCount(context.stageName(), position);
      Journal.of(key).opens.add(position);
    }

    @Override
    public boolean poll(Emitter<Integer> out) {
      if (next == WAIT_AT && !Journal.of(key).completedAtOrPast(WAIT_AT)) {
        return true;
      }
      out.emit((int) ++next);
      return next < TOTAL;
    }

    @Override
    public String position() {
      String position = Long.toString(next);
      Journal.of(key).positions.add(position);
      return position;
    }

    @Override
    public void checkpointCompleted(String position) {
      Journal.of(key).completed.add(position);
    }
  }

  /** Throws on FAIL_AT the first time only. */
  static final class FailsOnce implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;

    FailsOnce(String key) {
      this.key = key;
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record == FAIL_AT && Journal.of(key).failed.compareAndSet(false, true)) {
        throw new IllegalStateException("failing once at " + record);
      }
      out.emit(record);
    }
  }

  private static FlinkRunner checkpointingWithOneRestart() {
    return FlinkRunner.on(() -> {
      Configuration conf = new Configuration();
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.enableCheckpointing(30);
      return env;
    });
  }

  @Test
  void aJobAStageFailedIsRestartedByFlinkAndItsSourceResumesAtACheckpointedPosition()
      throws Exception {
    String journalKey = key;
    Pipeline<Integer> pipeline = Pipeline.named("resumed")
        .from("in", () -> new Numbers(journalKey))
        .stage("flaky", () -> new FailsOnce(journalKey))
        .to("out", recorder.sink("out"));

    PipelineReport report = pipeline.start(checkpointingWithOneRestart())
        .awaitCompletion(Duration.ofSeconds(90));

    Journal journal = Journal.of(key);
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(journal.failed).isTrue();
    assertThat(recorder.records("out"))
        .containsAll(IntStream.rangeClosed(1, TOTAL).boxed().toList());
    // the first attempt opened from the start, the restarted one at a position it checkpointed,
    // at or past the checkpoint that completed at WAIT_AT, before the record that failed
    assertThat(journal.opens).hasSize(2).startsWith("open");
    String resumedAt = journal.opens.get(1);
    assertThat(journal.positions).contains(resumedAt);
    assertThat(Long.parseLong(resumedAt)).isBetween((long) WAIT_AT, (long) FAIL_AT - 1);
    // only what was read after that checkpoint is read again
    assertThat(recorder.records("out")).hasSize(TOTAL + FAIL_AT - 1 - (int) Long.parseLong(resumedAt));
    // completed checkpoints were told with positions the source gave, in order, the last one at
    // the end of the run (Flink's final checkpoint)
    assertThat(journal.completed).isNotEmpty().allSatisfy(p ->
        assertThat(journal.positions).contains(p));
    assertThat(journal.completed.stream().map(Long::parseLong).toList()).isSorted();
    assertThat(journal.completed).last().isEqualTo(Integer.toString(TOTAL));
  }

  /** Fails on every multiple of 50: a record for the dead-letter sink. */
  static final class RejectsFifties implements Stage<Integer, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record % 50 == 0) {
        throw new IllegalArgumentException("rejecting " + record);
      }
      out.emit(record);
    }
  }

  /** A dead-letter sink that notes what it was given and, at each commit, what it had by then. */
  static final class NotingLetters implements Sink<DeadLetter>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;

    NotingLetters(String key) {
      this.key = key;
    }

    @Override
    public void write(DeadLetter letter) {
      Journal.of(key).letters.add((Integer) letter.record());
    }

    @Override
    public void onCheckpoint(long checkpointId) {
      Journal.of(key).letterCommits.add(List.copyOf(Journal.of(key).letters));
    }
  }

  @Test
  void aDeadLetterSinkCommitsAtEachCheckpointTheLettersOfTheRecordsBeforeIt() throws Exception {
    String journalKey = key;
    Pipeline<Integer> pipeline = Pipeline.named("lettered")
        .from("in", () -> new Numbers(journalKey))
        .stage("check", RejectsFifties::new)
        .withErrorPolicy(ErrorPolicy.deadLetter(new NotingLetters(journalKey)))
        .to("out", recorder.sink("out"));

    PipelineReport report = pipeline.start(checkpointingWithOneRestart())
        .awaitCompletion(Duration.ofSeconds(90));

    Journal journal = Journal.of(key);
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(journal.letters).containsExactly(50, 100, 150, 200, 250, 300);
    // the source waited at WAIT_AT for a checkpoint past 100 records: the dead-letter sink
    // committed with it, after the letters of 50 and 100
    assertThat(journal.letterCommits).anySatisfy(had -> assertThat(had).contains(50, 100));
  }
}
