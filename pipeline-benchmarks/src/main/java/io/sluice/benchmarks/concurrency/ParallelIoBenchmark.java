package io.sluice.benchmarks.concurrency;

import io.sluice.api.Async;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.Source;
import io.sluice.benchmarks.RecordCounter;
import io.sluice.benchmarks.SelfChecked;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * An I/O-bound stage, 2 ms of simulated I/O per record ({@link SlowLookup}), at 1, 4, 16 and 64
 * workers or calls in flight, source → lookup → sink: Sluice {@code parallel(n)} (blocking stage,
 * ordered), Sluice {@code stageAsync(..., Async.ordered(n))} (non-blocking calls from one timer
 * thread), and Reactor {@code flatMapSequential} with the same concurrency, once blocking
 * ({@code fromCallable} on {@code boundedElastic}) and once non-blocking (the same timer). Each
 * invocation pushes {@code 100 x n} records, so every system does about 200 ms of ideal work per
 * invocation whatever n is; the {@code :records} counter gives records per second. Ideal: n / 2 ms
 * = 500 x n records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ParallelIoBenchmark implements SelfChecked {
  /** Workers (parallel) or calls in flight (async, Reactor). */
  @Param({"1", "4", "16", "64"})
  public int concurrency;

  private Long[] keys;
  private ScheduledExecutorService timer;
  private Scheduler elastic;

  /** Makes the input and the timer the async systems complete from. */
  @Setup(Level.Trial)
  public void setUp() {
    keys = LongStream.range(0, 100L * concurrency).boxed().toArray(Long[]::new);
    timer = Executors.newSingleThreadScheduledExecutor();
    elastic = Schedulers.newBoundedElastic(Math.max(4, concurrency), 100_000, "bench-elastic");
  }

  @Override
  public long recordsPerRun() {
    return keys.length;
  }

  @Override
  public long expectedResult() {
    long sum = 0;
    for (Long key : keys) {
      sum += SlowLookup.answer(key);
    }
    return sum;
  }

  /** Stops the timer and the Reactor scheduler. */
  @TearDown(Level.Trial)
  public void tearDown() {
    timer.shutdownNow();
    elastic.dispose();
  }

  /**
   * Sluice, a blocking lookup on {@code parallel(n)} ordered workers.
   *
   * @param counter counts records
   * @return the checksum
   */
  @Benchmark
  public long sluiceParallel(RecordCounter counter) throws InterruptedException {
    LongAdder sum = new LongAdder();
    Pipeline.named("io").from("read", Source.of(keys))
        .stage("lookup", SlowLookup.Blocking::new).parallel(Parallelism.ordered(concurrency))
        .to("save", sum::add)
        .run();
    counter.add(keys.length);
    return sum.sum();
  }

  /**
   * Sluice, a non-blocking lookup with {@code n} ordered calls in flight.
   *
   * @param counter counts records
   * @return the checksum
   */
  @Benchmark
  public long sluiceAsync(RecordCounter counter) throws InterruptedException {
    LongAdder sum = new LongAdder();
    Pipeline.named("io").from("read", Source.of(keys))
        .stageAsync("lookup", () -> new SlowLookup.Async(timer), Async.ordered(concurrency))
        .to("save", sum::add)
        .run();
    counter.add(keys.length);
    return sum.sum();
  }

  /**
   * Reactor, the blocking lookup through {@code flatMapSequential(n)} on {@code boundedElastic}.
   *
   * @param counter counts records
   * @return the checksum
   */
  @Benchmark
  public long reactorBlocking(RecordCounter counter) {
    Long sum = Flux.fromArray(keys)
        .flatMapSequential(key -> Mono.fromCallable(() -> {
          SlowLookup.park();
          return SlowLookup.answer(key);
        }).subscribeOn(elastic), concurrency)
        .reduce(0L, Long::sum).block(Duration.ofMinutes(1));
    counter.add(keys.length);
    return sum;
  }

  /**
   * Reactor, the non-blocking lookup through {@code flatMapSequential(n)}.
   *
   * @param counter counts records
   * @return the checksum
   */
  @Benchmark
  public long reactorAsync(RecordCounter counter) {
    Long sum = Flux.fromArray(keys)
        .flatMapSequential(key -> Mono.fromCompletionStage(
            () -> new SlowLookup.Async(timer).call(key)), concurrency)
        .reduce(0L, Long::sum).block(Duration.ofMinutes(1));
    counter.add(keys.length);
    return sum;
  }
}
