package io.sluice.benchmarks;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.baselines.DisruptorBatchingSink;
import io.sluice.benchmarks.sluice.CostlySink;
import io.sluice.benchmarks.sluice.SluicePipelines;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.SinkCost;
import java.time.Duration;
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
 * A source feeding a sink that models a database round trip ({@link SinkCost}: 20 µs per call
 * plus 0.2 µs per record, busy-spun): Sluice's {@code perRecord()}, {@code batched(n)} and
 * {@code batched(n, maxWait)} on the sink, and a raw Disruptor consumer that batches at
 * {@code endOfBatch}. The source outruns the sink, so batches fill by size: the maxWait variant
 * shows what the deadline bookkeeping costs under load. One operation is one run of
 * {@code sinkRecords} items; {@code :records} is records per second; every operation checks that
 * each record was written once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SinkCostBenchmark {
  /** The maxWait of the time-bounded variant. */
  public static final Duration MAX_WAIT = Duration.ofMillis(1);

  /** Records per run: at about 20 µs a record, {@code perRecord()} takes 0.2 s for 10,000. */
  @Param("10000")
  public int sinkRecords;

  private Item[] items;
  private CostlySink sink;
  private Pipeline<Item> perRecord;

  /** The batch size, a state of its own so the per-record benchmark does not repeat per size. */
  @State(Scope.Benchmark)
  public static class Batching {
    /** Records per sink call. */
    @Param("256")
    public int batchSize;
  }

  /** Makes the items, the sink and the per-record blueprint once per trial. */
  @Setup
  public void setUp() {
    items = Item.range(sinkRecords);
    sink = new CostlySink();
    perRecord = SluicePipelines.sourceToSink(items, sink, Dispatch.perRecord());
  }

  /** Sluice, {@code perRecord()}: one call per record. */
  @Benchmark
  public long sluicePerRecord(RecordCounter counter) throws InterruptedException {
    perRecord.run();
    return done(sink.tally(), "sluice sink perRecord", counter);
  }

  /** Sluice, {@code batched(batchSize)}. */
  @Benchmark
  public long sluiceBatched(Batching batching, RecordCounter counter)
      throws InterruptedException {
    SluicePipelines.sourceToSink(items, sink, Dispatch.batched(batching.batchSize)).run();
    return done(sink.tally(), "sluice sink batched", counter);
  }

  /** Sluice, {@code batched(batchSize, 1 ms)}. */
  @Benchmark
  public long sluiceBatchedMaxWait(Batching batching, RecordCounter counter)
      throws InterruptedException {
    SluicePipelines.sourceToSink(items, sink, Dispatch.batched(batching.batchSize, MAX_WAIT))
        .run();
    return done(sink.tally(), "sluice sink batched maxWait", counter);
  }

  /** Sluice, {@code smart(batchSize)}: whatever has arrived, never waiting. */
  @Benchmark
  public long sluiceSmart(Batching batching, RecordCounter counter) throws InterruptedException {
    SluicePipelines.sourceToSink(items, sink, Dispatch.smart(batching.batchSize)).run();
    return done(sink.tally(), "sluice sink smart", counter);
  }

  /** Raw Disruptor consumer writing up to {@code batchSize} at a time, at {@code endOfBatch}. */
  @Benchmark
  public long disruptorEndOfBatch(Batching batching, RecordCounter counter)
      throws InterruptedException {
    return done(DisruptorBatchingSink.run(items, batching.batchSize), "disruptor end-of-batch",
        counter);
  }

  private long done(SinkCost tally, String system, RecordCounter counter) {
    long sum = tally.verify(system, sinkRecords);
    counter.add(sinkRecords);
    return sum;
  }
}
