package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.Port;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageReport;
import io.sluice.runtime.LocalRunner;
import io.sluice.testkit.conformance.RunnerCapability;
import io.sluice.testkit.conformance.RunnerUnderTest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-worker rows of a parallel stage ({@link StageReport#workers()}) on both runners: they add up
 * to the stage's row, each balances on its own, and a keyed stage's worker counts follow its keys.
 */
class ParallelWorkerReportTest {
  private static final List<Integer> INPUT = IntStream.range(0, 2_000).boxed().toList();
  private static final List<RunnerUnderTest> RUNNERS = List.of(RunnerUnderTest.deterministic(),
      RunnerUnderTest.of(new LocalRunner(), EnumSet.allOf(RunnerCapability.class)));

  /** Drops multiples of 7 (filtered) and throws on multiples of 53 (skipped by the policy). */
  static final class Faulty implements Stage<Integer, Integer> {
    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record % 53 == 0) {
        throw new IllegalArgumentException("poison " + record);
      }
      if (record % 7 != 0) {
        out.emit(record);
      }
    }
  }

  /** Counts the records of each key this instance (one worker) saw. */
  static final class KeyCounter implements Stage<Integer, Integer> {
    static final List<KeyCounter> MADE = new CopyOnWriteArrayList<>();
    final Map<Integer, Long> seen = new HashMap<>();

    KeyCounter() {
      MADE.add(this);
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      seen.merge(record % 4, 1L, Long::sum);
      out.emit(record);
    }
  }

  static Stream<Arguments> modesOnBothRunners() {
    List<Parallelism> modes = List.of(Parallelism.ordered(3), Parallelism.unordered(3),
        Parallelism.<Integer>keyed(3, i -> i % 5));
    List<Dispatch> dispatches = List.of(Dispatch.perRecord(), Dispatch.batched(8));
    return RUNNERS.stream().flatMap(runner -> modes.stream().flatMap(mode -> dispatches.stream()
        .map(dispatch -> Arguments.of(runner, mode, dispatch))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("modesOnBothRunners")
  void workerRowsAddUpToTheStageRowUnderFaults(RunnerUnderTest runner, Parallelism mode,
      Dispatch dispatch) throws Exception {
    PipelineReport report = runner.finish(runner.start(
        Pipeline.from("read", Source.fromIterable(INPUT))
            .stage("work", Faulty::new, dispatch).parallel(mode)
            .withErrorPolicy(ErrorPolicy.skip())
            .to("save", i -> { })), Duration.ofSeconds(30));

    assertThat(report.accountingBreaches()).isEmpty();
    StageReport node = report.stage("work");
    List<StageReport> workers = node.workers();
    assertThat(workers).extracting(StageReport::name)
        .containsExactly("work[0]", "work[1]", "work[2]");
    assertThat(node.skipped()).isEqualTo(INPUT.stream().filter(i -> i % 53 == 0).count());
    assertThat(node.filtered()).isPositive();
    List<ToLongFunction<StageReport>> counts = List.of(StageReport::received,
        StageReport::emitted, StageReport::passedOn, StageReport::filtered, StageReport::skipped,
        StageReport::deadLettered, StageReport::retried, StageReport::failed,
        StageReport::stranded);
    for (ToLongFunction<StageReport> count : counts) {
      assertThat(workers.stream().mapToLong(count).sum()).isEqualTo(count.applyAsLong(node));
    }
    for (FlushReason reason : FlushReason.values()) {
      assertThat(workers.stream().mapToLong(w -> w.batches(reason)).sum()).as("%s", reason)
          .isEqualTo(node.batches(reason));
    }
    for (StageReport worker : workers) {
      assertThat(worker.unaccounted()).as(worker.name()).isZero();
      assertThat(worker.blockedNanos()).as("a worker never waits for room downstream").isZero();
      assertThat(worker.workers()).isEmpty();
      assertThat(worker.emittedByPort()).containsOnlyKeys(Port.MAIN);
    }
    if (!mode.ordering().equals(Parallelism.Ordering.UNORDERED)) { // round robin or 5 keys
      assertThat(workers).allSatisfy(w -> assertThat(w.received()).isPositive());
    }
    assertThat(report.stage("read").workers()).isEmpty();
    assertThat(report.stage("save").workers()).isEmpty();
    assertThat(node.toString()).contains("workers in " + workers.get(0).received() + "|"
        + workers.get(1).received() + "|" + workers.get(2).received());
    assertThat(node.toString()).contains("skipped " + workers.get(0).skipped() + "|");
  }

  static Stream<RunnerUnderTest> runners() {
    return RUNNERS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runners")
  void aKeyedStageCountsEachKeyOnOneWorker(RunnerUnderTest runner) throws Exception {
    KeyCounter.MADE.clear();
    // keys 0..3 with 100, 200, 400 and 800 records
    List<Integer> input = IntStream.range(0, 4).boxed()
        .flatMap(k -> IntStream.range(0, 100 << k).mapToObj(j -> k + 4 * j)).toList();
    Pipeline<Integer> pipeline = Pipeline.from("read", Source.fromIterable(input))
        .stage("count", KeyCounter::new, Dispatch.batched(16))
        .parallel(Parallelism.<Integer>keyed(4, i -> i % 4))
        .to("save", i -> { });
    PipelineReport report = runner.finish(runner.start(pipeline), Duration.ofSeconds(30));

    assertThat(report.accountingBreaches()).isEmpty();
    List<KeyCounter> made = List.copyOf(KeyCounter.MADE);
    assertThat(made).hasSize(4);
    for (int key = 0; key < 4; key++) {
      int k = key;
      assertThat(made.stream().filter(c -> c.seen.containsKey(k))).as("key %d", k).hasSize(1);
    }
    // worker i runs the i-th instance made: its row counts exactly that instance's keys
    List<StageReport> workers = report.stage("count").workers();
    for (int i = 0; i < 4; i++) {
      long seen = made.get(i).seen.values().stream().mapToLong(Long::longValue).sum();
      assertThat(workers.get(i).received()).as("worker %d", i).isEqualTo(seen);
      assertThat(workers.get(i).passedOn()).isEqualTo(seen);
      assertThat(workers.get(i).emitted()).isEqualTo(seen);
    }
    assertThat(workers.stream().mapToLong(StageReport::received).sum()).isEqualTo(input.size());
  }
}
