package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Async;
import io.sluice.api.Checkpoint;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.StageOptions;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints through parallel and async stages on the local runner: a run checkpointing every
 * few milliseconds over an endless source is cancelled mid-run (its buffering sink drops what it
 * had not committed, as a crash would) and started again from the store, to read a few thousand
 * numbers more. Every save is checked when it is made: every
 * number before the saved position was committed by the sink, and nothing after the barrier
 * reached the sink before it. The resumed run opens the source at the saved position and,
 * across both runs, every number is committed at least once.
 */
class ConcurrentCheckpointTest {
  private static final long COUNT = 20_000;
  /** Numbers the resumed run reads after the saved position. */
  private static final long MORE = 5_000;
  private static final Duration OFTEN = Duration.ofMillis(2);
  private static final Executor LATER = CompletableFuture.delayedExecutor(50,
      TimeUnit.MICROSECONDS);

  /** The concurrent stage between the source and the sink, one per case. */
  enum Shape {
    ORDERED(b -> b.stage("enrich", Doubling::new, Dispatch.batched(8))
        .parallel(Parallelism.ordered(3))),
    UNORDERED(b -> b.stage("enrich", Doubling::new, Dispatch.batched(5, Duration.ofMillis(1)))
        .parallel(Parallelism.unordered(3))),
    KEYED(b -> b.stage("enrich", Doubling::new)
        .parallel(Parallelism.keyed(3, (Long n) -> n % 7))),
    ASYNC_ORDERED(b -> b.mapAsync("enrich", (Long n) -> later(n), Async.ordered(16))),
    ASYNC_UNORDERED(b -> b.mapAsync("enrich", (Long n) -> later(n), Async.unordered(16))),
    ASYNC_BATCHED(b -> b.mapAsync("enrich", (Long n) -> later(n), Async.unordered(4))
        .withDispatch(Dispatch.batched(6)));

    final UnaryOperator<PipelineBuilder<Long, Long>> enrich;

    Shape(UnaryOperator<PipelineBuilder<Long, Long>> enrich) {
      this.enrich = enrich;
    }

    boolean batched() {
      return this == ORDERED || this == UNORDERED || this == ASYNC_BATCHED;
    }
  }

  /** Emits twice its input, so the sink sees even numbers: {@code 2n} for source number n. */
  static final class Doubling implements io.sluice.api.Stage<Long, Long> {
    @Override
    public void process(Long n, Emitter<Long> out) {
      out.emit(2 * n);
    }
  }

  private static CompletableFuture<Long> later(long n) {
    // completes on another thread, some calls later than the ones started after them
    return n % 5 == 0 ? CompletableFuture.supplyAsync(() -> 2 * n, LATER)
        : CompletableFuture.supplyAsync(() -> 2 * n);
  }

  /**
   * A sink that buffers and commits at each checkpoint (and at a close, unless it "crashed"):
   * what it committed, and per checkpoint the largest source number it had been given.
   */
  static final class CommittingSink implements Sink<Long> {
    final Set<Long> committed;
    final Map<Long, Long> largestAtCheckpoint = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> commitsPerCheckpoint = new ConcurrentHashMap<>();
    private final List<Long> buffer = new ArrayList<>();
    private final boolean shared;
    private long largest = -1;
    volatile boolean crashed;

    CommittingSink(Set<Long> committed, boolean shared) {
      this.committed = committed;
      this.shared = shared;
    }

    @Override
    public synchronized void write(Long doubled) {
      buffer.add(doubled / 2);
      largest = Math.max(largest, doubled / 2);
    }

    @Override
    public synchronized void onCheckpoint(long checkpointId) {
      committed.addAll(buffer);
      buffer.clear();
      largestAtCheckpoint.put(checkpointId, largest);
      commitsPerCheckpoint.computeIfAbsent(checkpointId, id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public synchronized void close() {
      if (!crashed) {
        committed.addAll(buffer);
      }
      buffer.clear();
    }

    @Override
    public boolean threadSafe() {
      return shared;
    }
  }

  private final Set<Long> committed = ConcurrentHashMap.newKeySet();
  /** Where the next run's source ends; -1: never. */
  private volatile long end = -1;

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aCancelledRunResumesFromItsLastCheckpointAndNoRecordIsLost(Shape shape) throws Exception {
    List<CommittingSink> sinks = new CopyOnWriteArrayList<>();
    CheckingStore store = new CheckingStore(cp -> problems(cp, sinks.get(sinks.size() - 1)));
    NumberSource[] sources = new NumberSource[2];
    Pipeline<Long> job = blueprint(shape, store, sources, sinks, Sharing.SERIAL);

    RunningPipeline<Long> first = job.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> store.saves.size() >= 3
          && Long.parseLong(store.saves.get(store.saves.size() - 1).positions().get("numbers"))
              > 0);
    } finally {
      sinks.get(0).crashed = true; // what it has not committed is lost with the "process"
      first.cancel();
    }
    PipelineReport cancelled = first.awaitCompletion();

    assertThat(cancelled.outcome()).isEqualTo(Outcome.CANCELLED);
    assertBalanced(cancelled);
    Checkpoint stored = store.load().orElseThrow();
    String position = stored.positions().get("numbers");
    assertThat(stored.readAfter()).isPresent();
    assertThat(store.violations).isEmpty();
    end = Long.parseLong(position) + MORE;

    PipelineReport resumed = job.run();

    assertThat(resumed.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(sources[1].openedAt).isEqualTo(position);
    assertThat(resumed.checkpoints().orElseThrow().resumedFrom()).contains(stored);
    assertThat(resumed.stage("numbers").emitted()).isEqualTo(MORE);
    assertThat(store.violations).isEmpty();
    // by set lookups: AssertJ's containsAll scans the set per value, quadratic in the millions
    // of records a quiet machine produces before the cancel
    assertThat(LongStream.range(0, end).filter(n -> !committed.contains(n)).limit(5).boxed()
        .toList()).as("records never committed").isEmpty();
    assertBalanced(resumed);
    if (shape.batched()) {
      // the first run took three checkpoints or more while records flowed; the resumed one's
      // 5,000 records can pass within one 2 ms interval on a fast machine, before any checkpoint
      long cut = cancelled.stage("enrich").batchesByReason().getOrDefault(FlushReason.CHECKPOINT,
          0L) + resumed.stage("enrich").batchesByReason().getOrDefault(FlushReason.CHECKPOINT, 0L);
      assertThat(cut).as("batches cut by a checkpoint barrier, both runs").isPositive();
    }
    assertThat(SluiceThreads.alive()).noneMatch(name -> name.startsWith("sluice-resumed"));
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void aDrainWhileBarriersAreInsideTheStageEndsWithEveryRecordCommitted(Shape shape)
      throws Exception {
    List<CommittingSink> sinks = new CopyOnWriteArrayList<>();
    CheckingStore store = new CheckingStore(cp -> missing(cp));
    RunningPipeline<Long> run = blueprint(shape, store, new NumberSource[2], sinks,
        Sharing.SERIAL).start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> store.saves.size() >= 2);
    } finally {
      run.close(); // drains: checkpoints every 2 ms keep barriers inside the stage meanwhile
    }

    PipelineReport report = run.report().orElseThrow();
    assertThat(report.outcome()).isEqualTo(Outcome.DRAINED);
    long stopped = Long.parseLong(store.load().orElseThrow().positions().get("numbers"));
    assertThat(stopped).isEqualTo(report.stage("numbers").emitted());
    assertThat(store.violations).isEmpty(); // the drain's save included: all before it committed
    assertBalanced(report);
    assertThat(SluiceThreads.alive()).noneMatch(name -> name.startsWith("sluice-resumed"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aParallelSinkCommitsEveryInstanceOncePerCheckpointAfterItsWorkersFlushed(boolean shared)
      throws Exception {
    List<CommittingSink> sinks = new CopyOnWriteArrayList<>();
    CheckingStore store = new CheckingStore(cp -> missing(cp));
    NumberSource[] sources = new NumberSource[2];
    Pipeline<Long> job = blueprint(Shape.UNORDERED, store, sources, sinks,
        shared ? Sharing.SHARED : Sharing.OWN);
    end = COUNT;

    PipelineReport report = job.run();

    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(store.saves).isNotEmpty();
    assertThat(store.violations).isEmpty();
    assertThat(sinks).hasSize(shared ? 1 : 3).allSatisfy(sink ->
        assertThat(sink.commitsPerCheckpoint).isNotEmpty().allSatisfy((id, commits) ->
            assertThat(commits.get()).as("commits of checkpoint %s", id).isOne()));
    assertThat(report.stage("save").batchesByReason()).containsKey(FlushReason.CHECKPOINT);
    assertThat(committed).hasSize((int) COUNT);
    assertBalanced(report);
  }

  /** How the sink is given: one serial instance, one thread-safe instance for 3 workers, or 3. */
  enum Sharing { SERIAL, SHARED, OWN }

  private Pipeline<Long> blueprint(Shape shape, CheckingStore store, NumberSource[] sources,
      List<CommittingSink> sinks, Sharing sharing) {
    AtomicInteger runs = new AtomicInteger();
    PipelineBuilder<Long, Long> read = Pipeline.named("resumed").from("numbers", () -> {
      // numbers up to the end the test sets, without end until it does; 53 a poll, so that a
      // barrier (between polls) finds batches part full
      NumberSource source = new NumberSource(0, end, 53, -1, new CountDownLatch(0));
      sources[runs.getAndIncrement()] = source;
      return source;
    });
    PipelineBuilder<Long, Long> enriched = shape.enrich.apply(read);
    StageOptions options = StageOptions.defaults().withDispatch(Dispatch.batched(16));
    if (sharing == Sharing.SHARED) {
      CommittingSink sink = new CommittingSink(committed, true);
      sinks.add(sink);
      return enriched.to("save", sink, options.withParallelism(Parallelism.unordered(3)))
          .withCheckpoints(store, OFTEN);
    }
    return enriched.to("save", () -> {
      CommittingSink own = new CommittingSink(committed, false);
      sinks.add(own);
      return own;
    }, sharing == Sharing.OWN ? options.withParallelism(Parallelism.unordered(3)) : options)
        .withCheckpoints(store, OFTEN);
  }

  /** What a save must find: every number before its position committed, none after it given. */
  private List<String> problems(Checkpoint cp, CommittingSink sink) {
    List<String> found = new ArrayList<>(missing(cp));
    long position = Long.parseLong(cp.positions().get("numbers"));
    Long largest = sink.largestAtCheckpoint.get(cp.id());
    if (largest != null && largest >= position) {
      found.add("number " + largest + " after the barrier of checkpoint " + cp.id()
          + " (position " + position + ") reached the sink before it");
    }
    return found;
  }

  private List<String> missing(Checkpoint cp) {
    long position = Long.parseLong(cp.positions().get("numbers"));
    return LongStream.range(0, position).filter(n -> !committed.contains(n)).limit(5)
        .mapToObj(n -> n + " before position " + position + " not committed").toList();
  }

  private static void assertBalanced(PipelineReport report) {
    assertThat(report.accountingBreaches()).isEmpty();
    for (StageReport stage : report.stages()) {
      assertThat(stage.unaccounted()).as(stage.name()).isZero();
    }
  }
}
