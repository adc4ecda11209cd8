package io.sluice.benchmarks.concurrency;

import io.sluice.api.Emitter;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.benchmarks.RecordCounter;
import io.sluice.benchmarks.SelfChecked;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A CPU-bound stage (about 20 µs of arithmetic per record) on 1, 2 and 4 workers, ordered and
 * unordered: what parallelism buys on this 2-core machine, where the source, the node's thread and
 * the sink share the cores with the workers, and what the reorder buffer costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ParallelCpuBenchmark implements SelfChecked {
  /** Workers of the stage. */
  @Param({"1", "2", "4"})
  public int workers;

  /** Ordering of the workers' outputs: ORDERED or UNORDERED. */
  @Param({"ORDERED", "UNORDERED"})
  public String ordering;

  private Long[] input;

  /** Makes the input. */
  @Setup(Level.Trial)
  public void setUp() {
    input = LongStream.range(0, 5_000).boxed().toArray(Long[]::new);
  }

  @Override
  public long recordsPerRun() {
    return input.length;
  }

  @Override
  public long expectedResult() {
    long sum = 0;
    for (Long record : input) {
      sum += Crunch.crunch(record);
    }
    return sum;
  }

  /** About 20 µs of dependent arithmetic per record. */
  static final class Crunch implements Stage<Long, Long> {
    @Override
    public void process(Long record, Emitter<Long> out) {
      out.emit(crunch(record));
    }

    static long crunch(long record) {
      long x = record;
      for (int i = 0; i < 8_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
        x ^= x >>> 29;
      }
      return x;
    }
  }

  /**
   * Runs the input through the crunching stage.
   *
   * @param counter counts records
   * @return the checksum
   */
  @Benchmark
  public long crunch(RecordCounter counter) throws InterruptedException {
    LongAdder sum = new LongAdder();
    Parallelism parallelism = switch (Parallelism.Ordering.valueOf(ordering)) {
      case ORDERED -> Parallelism.ordered(workers);
      case UNORDERED -> Parallelism.unordered(workers);
      case KEYED -> throw new IllegalArgumentException("keyed needs a key: not measured here");
    };
    Pipeline.named("cpu").from("read", Source.of(input))
        .stage("crunch", Crunch::new).parallel(parallelism)
        .to("save", sum::add)
        .run();
    counter.add(input.length);
    return sum.sum();
  }
}
