package io.sluice.testkit.jqwik;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Async;
import io.sluice.api.CheckpointReport;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.Sink;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.DeterministicRun;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestAsyncStage;
import io.sluice.testkit.TestSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Killed and restarted runs lose nothing: for random kill points (a stage failing, or a cancel),
 * random checkpoints, random dispatch settings and a stage run serially, on parallel workers
 * (ordered, unordered or keyed), with or without an async stage after it, a first run is stopped
 * and a second run started
 * with the same store resumes it; the idempotent sinks then hold what an uninterrupted run writes,
 * and the two reports account for every record.
 */
@SluiceProperties
class RestartProperties {
  /** Checkpoints are taken where the test says, never by the (virtual) clock. */
  private static final Duration NEVER_BY_TIME = Duration.ofDays(1);

  @Property(tries = 100)
  void aKilledRunResumedFromItsLastCheckpointEndsLikeAnUninterruptedOne(
      @ForAll @IntRange(min = 1, max = 200) int size,
      @ForAll("dispatches") Dispatch middle, @ForAll("dispatches") Dispatch save,
      @ForAll("dispatches") Dispatch odds,
      @ForAll @IntRange(min = 0, max = 199) int killAt, @ForAll boolean killByFailure,
      @ForAll("checkpointPoints") Set<Integer> checkpointAt,
      @ForAll("parallelisms") Parallelism parallel, @ForAll boolean async,
      PipelineTester tester) {
    List<Integer> input = IntStream.range(0, size).map(i -> i * 3 + 1).boxed().toList();
    int kill = killAt % size;
    AtomicReference<TestSource<Integer>> source = new AtomicReference<>();
    Map<Integer, Integer> expectedMain = new TreeMap<>();
    Map<Integer, Integer> expectedOdd = new TreeMap<>();
    source.set(TestSource.create());
    source.get().pushAll(input).complete();
    tester.runDeterministic(job(source, middle, save, odds, expectedMain, expectedOdd,
        new AtomicBoolean(false), -1, parallel, async)).awaitCompletion();

    CheckpointStore store = CheckpointStore.inMemory();
    Map<Integer, Integer> main = new TreeMap<>();
    Map<Integer, Integer> odd = new TreeMap<>();
    AtomicBoolean failing = new AtomicBoolean(killByFailure);
    Pipeline<Integer> job = job(source, middle, save, odds, main, odd, failing, input.get(kill),
        parallel, async).withCheckpoints(store, NEVER_BY_TIME);

    source.set(TestSource.create());
    DeterministicRun<Integer> first = tester.runDeterministic(job);
    for (int i = 0; i < size && !first.isDone(); i++) {
      if (checkpointAt.contains(i)) {
        first.checkpoint();
      }
      if (!killByFailure && i == kill) {
        break;
      }
      source.get().push(input.get(i));
    }
    if (!first.isDone()) {
      first.cancel(); // the kill, or a failure that came after the last push
    }
    PipelineReport firstReport = first.report().orElseThrow();
    assertThat(firstReport.outcome()).isIn(Outcome.FAILED, Outcome.CANCELLED);
    Accounting.assertAddsUp(job, firstReport);

    failing.set(false);
    source.set(TestSource.create());
    source.get().pushAll(input).complete();
    PipelineReport secondReport = tester.runDeterministic(job).awaitCompletion();

    assertThat(main).isEqualTo(expectedMain);
    assertThat(odd).isEqualTo(expectedOdd);
    Accounting.assertAddsUp(job, secondReport);
    CheckpointReport stopped = firstReport.checkpoints().orElseThrow();
    CheckpointReport resumed = secondReport.checkpoints().orElseThrow();
    assertThat(resumed.resumedFrom()).isEqualTo(stopped.stored());
    assertThat(resumed.replayed()).hasValue(stopped.readAfterLast());
    // each checkpoint asked for before the kill completed at once, at the records pushed so far
    List<Integer> beforeKill = checkpointAt.stream().filter(i -> i <= kill).sorted().toList();
    assertThat(stopped.taken()).isEqualTo(beforeKill.size());
    assertThat(stopped.stored().orElseThrow().recordsBefore())
        .isEqualTo(beforeKill.isEmpty() ? 0 : beforeKill.get(beforeKill.size() - 1));
    long read = firstReport.stage("in").emitted() + secondReport.stage("in").emitted();
    assertThat(read - resumed.replayed().getAsLong()).isEqualTo(size);
    assertThat(resumed.stored()).isEmpty(); // completed: the next run starts anew
  }

  /**
   * in → triple (middle, on parallel workers) → [an async identity] → drop multiples of 5 → odd
   * values diverted → save; fails on poison.
   */
  private static Pipeline<Integer> job(AtomicReference<TestSource<Integer>> source,
      Dispatch middle, Dispatch save, Dispatch odds, Map<Integer, Integer> main,
      Map<Integer, Integer> odd, AtomicBoolean failing, int poison, Parallelism parallel,
      boolean async) {
    Sink<Integer> mainSink = x -> main.put(x, x);
    Sink<Integer> oddSink = x -> odd.put(x, x);
    PipelineBuilder<Integer, Integer> tripled = Pipeline.named("restartable")
        .from("in", source::get) // the source of the run being started
        .map("triple", (Integer x) -> {
          if (failing.get() && x == poison) {
            throw new IllegalStateException("killed at " + x);
          }
          return x * 3;
        }).withDispatch(middle).parallel(parallel);
    if (async) { // answered as each call starts: a barrier passes it at once
      tripled = tripled.stageAsync("lookup", () -> TestAsyncStage.answering((Integer x) -> x),
          Async.unordered(3));
    }
    return tripled
        .filter("no-fives", x -> x % 5 != 0)
        .divertTo("odd", x -> x % 2 == 1, "odds", oddSink, odds)
        .to("save", mainSink, save);
  }

  @Provide
  Arbitrary<Dispatch> dispatches() {
    return SluiceArbitraries.dispatches();
  }

  @Provide
  Arbitrary<Parallelism> parallelisms() {
    return Arbitraries.oneOf(Arbitraries.just(Parallelism.none()),
        Arbitraries.integers().between(2, 4).map(Parallelism::ordered),
        Arbitraries.integers().between(2, 4).map(Parallelism::unordered),
        Arbitraries.integers().between(2, 4).map(n -> Parallelism.keyed(n, (Integer x) -> x % 7)));
  }

  @Provide
  Arbitrary<Set<Integer>> checkpointPoints() {
    return Arbitraries.integers().between(0, 199).set().ofMaxSize(8);
  }
}
