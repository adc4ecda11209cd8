package io.sluice.benchmarks;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.baselines.QueueKind;
import io.sluice.benchmarks.baselines.DisruptorRingPerStage;
import io.sluice.benchmarks.baselines.HandFusedLoop;
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
 * Three trivial per-record stages (add one, triple, keep even) and a summing sink over
 * {@code records} items, each stage and the sink on its own thread: Sluice (every stage set to
 * {@code ownThread()}, so the default fusion does not apply) against the same work
 * wired by hand on the raw Disruptor (yielding and blocking consumers, {@code tryNext} + yield
 * publishing), threads joined by {@code ArrayBlockingQueue} and by JCTools SPSC queues, Reactor
 * {@code publishOn} (with queues as large as the rings, and with its default prefetch), and the
 * hand-fused single-thread loop as the ceiling. Every ring and queue holds 4096 records. Two more
 * Sluice rows show fusion: the three stages fused onto the source's thread (what the default rule
 * does with per-record maps and filters) with the sink on its own thread, and everything,
 * sink included, on the source's thread.
 *
 * <p>One benchmark operation is one complete run of {@code records} items, including starting and
 * stopping the threads; the {@code :records} secondary metric is records per second. Every
 * operation checks the sink's count and sum and throws if a record was lost or not worked on.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class PerRecordPipelineBenchmark {

  /** Records per run. */
  @Param("1000000")
  public int records;

  private Item[] items;
  private ChecksumSink sink;
  private Pipeline<Item> sluice;
  private ChecksumSink fusedSink;
  private Pipeline<Item> sluiceFused;
  private ChecksumSink oneThreadSink;
  private Pipeline<Item> sluiceOneThread;

  /** Makes the items and the Sluice blueprint once per trial. */
  @Setup
  public void setUp() {
    items = Item.range(records);
    sink = new ChecksumSink();
    sluice = SluicePipelines.threeStages(items, Dispatch.perRecord(), sink);
    fusedSink = new ChecksumSink();
    sluiceFused = SluicePipelines.threeStages(items, Dispatch.perRecord(), fusedSink,
        SluicePipelines.Threads.STAGES_FUSED);
    oneThreadSink = new ChecksumSink();
    sluiceOneThread = SluicePipelines.threeStages(items, Dispatch.perRecord(), oneThreadSink,
        SluicePipelines.Threads.ONE_THREAD);
  }

  /** Sluice, {@code perRecord()} on every stage, each on its own ring and thread. */
  @Benchmark
  public long sluice(RecordCounter counter) throws InterruptedException {
    sluice.run();
    return done(sink.checksum(), "sluice perRecord", counter);
  }

  /** Sluice, the three stages fused onto the source's thread, the sink on its own. */
  @Benchmark
  public long sluiceFused(RecordCounter counter) throws InterruptedException {
    sluiceFused.run();
    return done(fusedSink.checksum(), "sluice fused", counter);
  }

  /** Sluice, the stages and the sink all fused onto the source's thread. */
  @Benchmark
  public long sluiceOneThread(RecordCounter counter) throws InterruptedException {
    sluiceOneThread.run();
    return done(oneThreadSink.checksum(), "sluice one thread", counter);
  }

  /** Raw Disruptor, ring per stage, {@code YieldingWaitStrategy}. */
  @Benchmark
  public long disruptorYielding(RecordCounter counter) throws InterruptedException {
    return done(DisruptorRingPerStage.run(items, Wait.YIELDING), "disruptor yielding", counter);
  }

  /** Raw Disruptor, ring per stage, {@code BlockingWaitStrategy}. */
  @Benchmark
  public long disruptorBlocking(RecordCounter counter) throws InterruptedException {
    return done(DisruptorRingPerStage.run(items, Wait.BLOCKING), "disruptor blocking", counter);
  }

  /** A thread per stage joined by {@code ArrayBlockingQueue}s. */
  @Benchmark
  public long arrayBlockingQueue(RecordCounter counter) throws InterruptedException {
    return done(QueueThreads.perRecord(items, QueueKind.ARRAY_BLOCKING_QUEUE),
        "ArrayBlockingQueue", counter);
  }

  /** A thread per stage joined by JCTools {@code SpscArrayQueue}s, yielding while waiting. */
  @Benchmark
  public long jctoolsSpsc(RecordCounter counter) throws InterruptedException {
    return done(QueueThreads.perRecord(items, QueueKind.JCTOOLS_SPSC_YIELDING),
        "JCTools SPSC", counter);
  }

  /** Reactor, {@code publishOn} before every stage and the sink, queues as large as the rings. */
  @Benchmark
  public long reactorPublishOn(RecordCounter counter) {
    return done(ReactorPipeline.perRecord(items, ReactorPipeline.PREFETCH), "Reactor publishOn",
        counter);
  }

  /** Reactor as above with its default {@code publishOn} prefetch of 256. */
  @Benchmark
  public long reactorPublishOnPrefetch256(RecordCounter counter) {
    return done(ReactorPipeline.perRecord(items, ReactorPipeline.DEFAULT_PREFETCH),
        "Reactor publishOn prefetch 256", counter);
  }

  /** The three stages and the sink in one loop on one thread: the ceiling. */
  @Benchmark
  public long handFusedLoop(RecordCounter counter) {
    return done(HandFusedLoop.run(items), "hand-fused loop", counter);
  }

  private long done(Checksum checksum, String system, RecordCounter counter) {
    long sum = checksum.verify(system, records);
    counter.add(records);
    return sum;
  }
}
