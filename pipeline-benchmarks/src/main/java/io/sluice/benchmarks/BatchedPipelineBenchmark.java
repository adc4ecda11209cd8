package io.sluice.benchmarks;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.baselines.QueueKind;
import io.sluice.benchmarks.baselines.DisruptorChunked;
import io.sluice.benchmarks.baselines.QueueThreads;
import io.sluice.benchmarks.baselines.ReactorPipeline;
import io.sluice.benchmarks.baselines.Wait;
import io.sluice.benchmarks.sluice.ChecksumSink;
import io.sluice.benchmarks.sluice.SluicePipelines;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
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
 * The pipeline of {@link PerRecordPipelineBenchmark} with batching: Sluice with
 * {@code batched(256)} on every stage and the sink, against baselines that hand records on in
 * chunks of 256 (raw Disruptor slots carrying chunks, queues of arrays, Reactor {@code buffer}).
 * The per-record raw Disruptor, the target's reference, is in {@link PerRecordPipelineBenchmark}
 * of the same suite run. One operation is one run of {@code records} items; {@code :records} is
 * records per second; every operation checks the sink's count and sum.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class BatchedPipelineBenchmark {
  /** The batch size of every Sluice stage and the chunk size of the baselines. */
  public static final int BATCH = DisruptorChunked.CHUNK;

  /** Records per run. */
  @Param("1000000")
  public int records;

  private Item[] items;
  private ChecksumSink sink;
  private Pipeline<Item> sluice;
  private ChecksumSink fusedSink;
  private Pipeline<Item> sluiceFused;
  private ChecksumSink smartSink;
  private Pipeline<Item> sluiceSmart;

  /** Makes the items and the Sluice blueprint once per trial. */
  @Setup
  public void setUp() {
    items = Item.range(records);
    sink = new ChecksumSink();
    sluice = SluicePipelines.threeStages(items, Dispatch.batched(BATCH), sink);
    fusedSink = new ChecksumSink();
    sluiceFused = SluicePipelines.threeStages(items, Dispatch.batched(BATCH), fusedSink,
        SluicePipelines.Threads.STAGES_FUSED);
    smartSink = new ChecksumSink();
    sluiceSmart = SluicePipelines.threeStages(items, Dispatch.smart(BATCH), smartSink);
  }

  /** Sluice, {@code smart(256)} on every stage and the sink, each on its own thread. */
  @Benchmark
  public long sluiceSmart256(RecordCounter counter) throws InterruptedException {
    sluiceSmart.run();
    return done(smartSink.checksum(), "sluice smart(256)", counter);
  }

  /** Sluice, {@code batched(256)} on every stage and the sink. */
  @Benchmark
  public long sluiceBatched256(RecordCounter counter) throws InterruptedException {
    sluice.run();
    return done(sink.checksum(), "sluice batched(256)", counter);
  }

  /**
   * Sluice, {@code batched(256)} on every stage and the sink, the three stages fused onto the
   * source's thread (explicitly: the default rule fuses only per-record functions).
   */
  @Benchmark
  public long sluiceFusedBatched256(RecordCounter counter) throws InterruptedException {
    sluiceFused.run();
    return done(fusedSink.checksum(), "sluice fused batched(256)", counter);
  }

  /** Raw Disruptor, ring per stage, chunks of 256 per slot, {@code YieldingWaitStrategy}. */
  @Benchmark
  public long disruptorChunkedYielding(RecordCounter counter) throws InterruptedException {
    return done(DisruptorChunked.run(items, Wait.YIELDING), "disruptor chunked yielding", counter);
  }

  /** Raw Disruptor, ring per stage, chunks of 256 per slot, {@code BlockingWaitStrategy}. */
  @Benchmark
  public long disruptorChunkedBlocking(RecordCounter counter) throws InterruptedException {
    return done(DisruptorChunked.run(items, Wait.BLOCKING), "disruptor chunked blocking", counter);
  }

  /** Threads joined by {@code ArrayBlockingQueue}s of 256-record arrays. */
  @Benchmark
  public long arrayBlockingQueueChunked(RecordCounter counter) throws InterruptedException {
    return done(QueueThreads.chunked(items, QueueKind.ARRAY_BLOCKING_QUEUE),
        "ArrayBlockingQueue chunked", counter);
  }

  /** Threads joined by JCTools SPSC queues of 256-record arrays. */
  @Benchmark
  public long jctoolsSpscChunked(RecordCounter counter) throws InterruptedException {
    return done(QueueThreads.chunked(items, QueueKind.JCTOOLS_SPSC_YIELDING),
        "JCTools SPSC chunked", counter);
  }

  /** Reactor, {@code buffer(256)} then {@code publishOn} before every stage and the sink. */
  @Benchmark
  public long reactorBuffered(RecordCounter counter) {
    return done(ReactorPipeline.buffered(items, BATCH), "Reactor buffer(256)", counter);
  }

  private long done(Checksum checksum, String system, RecordCounter counter) {
    long sum = checksum.verify(system, records);
    counter.add(records);
    return sum;
  }
}
