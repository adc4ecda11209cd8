package io.sluice.benchmarks;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.sluice.ChecksumSink;
import io.sluice.benchmarks.sluice.SluicePipelines;
import io.sluice.benchmarks.work.Item;
import io.sluice.runtime.LocalRunner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the timing part of the metrics: the same three-stage pipeline, per record and
 * batched(256), with timing on (the default) and off ({@code LocalRunner.withTiming(false)}).
 * Counts, flush reasons and batch sizes are kept in both, as they are always on.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class MetricsOverheadBenchmark {

  /** Records per run. */
  @Param("1000000")
  public int records;

  /** The dispatch on every stage. */
  @Param({"perRecord", "batched256"})
  public String dispatch;

  private ChecksumSink sink;
  private Pipeline<Item> pipeline;
  private final LocalRunner timed = LocalRunner.create().withTiming(true);
  private final LocalRunner untimed = LocalRunner.create().withTiming(false);

  /** Makes the items and the blueprint once per trial. */
  @Setup
  public void setUp() {
    sink = new ChecksumSink();
    pipeline = SluicePipelines.threeStages(Item.range(records),
        "perRecord".equals(dispatch) ? Dispatch.perRecord() : Dispatch.batched(256), sink);
  }

  /** Metrics with timing, as by default. */
  @Benchmark
  public long timingOn(RecordCounter counter) throws InterruptedException {
    return run(timed, "timing on", counter);
  }

  /** Counts only. */
  @Benchmark
  public long timingOff(RecordCounter counter) throws InterruptedException {
    return run(untimed, "timing off", counter);
  }

  private long run(LocalRunner runner, String system, RecordCounter counter)
      throws InterruptedException {
    pipeline.start(runner).awaitCompletion();
    long sum = sink.checksum().verify(system, records);
    counter.add(records);
    return sum;
  }
}
