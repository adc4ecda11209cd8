package io.sluice.benchmarks;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.baselines.DisruptorRingPerStage;
import io.sluice.benchmarks.baselines.HandFusedLoop;
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
 * The fixed cost of a run (issue 14): the three-stage pipeline of
 * {@link PerRecordPipelineBenchmark} over no records and over 1,000, so one operation is mostly
 * building the plan, starting and joining the threads and building the report. Sluice with every
 * stage on the source's thread and with a ring and thread per stage, against the least a run on
 * fresh threads can cost: the hand-fused loop on one new thread, started and joined, and the raw
 * Disruptor with a ring and consumer thread per stage (the caller publishing). The score is runs
 * per second; every operation checks the sink's count and sum.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class FixedCostBenchmark {

  /** Records per run: none (the fixed cost alone) and a short run. */
  @Param({"0", "1000"})
  public int records;

  private Item[] items;
  private ChecksumSink oneThreadSink;
  private Pipeline<Item> oneThread;
  private ChecksumSink ringSink;
  private Pipeline<Item> ringPerStage;

  /** Makes the items and the blueprints once per trial. */
  @Setup
  public void setUp() {
    items = Item.range(records);
    oneThreadSink = new ChecksumSink();
    oneThread = SluicePipelines.threeStages(items, Dispatch.perRecord(), oneThreadSink,
        SluicePipelines.Threads.ONE_THREAD);
    ringSink = new ChecksumSink();
    ringPerStage = SluicePipelines.threeStages(items, Dispatch.perRecord(), ringSink,
        SluicePipelines.Threads.RING_PER_STAGE);
  }

  /** Sluice, the stages and the sink all on the source's thread: one thread per run. */
  @Benchmark
  public long sluiceOneThread(RecordCounter counter) throws InterruptedException {
    oneThread.run();
    return done(oneThreadSink.checksum(), "sluice one thread", counter);
  }

  /** Sluice, a ring and a thread per stage and for the sink: five threads per run. */
  @Benchmark
  public long sluiceRingPerStage(RecordCounter counter) throws InterruptedException {
    ringPerStage.run();
    return done(ringSink.checksum(), "sluice ring per stage", counter);
  }

  /** The hand-fused loop on a new thread, started and joined: the least a one-thread run costs. */
  @Benchmark
  public long handFusedLoopOnNewThread(RecordCounter counter) throws InterruptedException {
    Checksum[] result = new Checksum[1];
    Thread thread = new Thread(() -> result[0] = HandFusedLoop.run(items), "fixed-cost-loop");
    thread.setDaemon(true);
    thread.start();
    thread.join();
    return done(result[0], "hand-fused loop on a new thread", counter);
  }

  /** Raw Disruptor, ring and thread per stage, {@code BlockingWaitStrategy}. */
  @Benchmark
  public long disruptorBlocking(RecordCounter counter) throws InterruptedException {
    return done(DisruptorRingPerStage.run(items, Wait.BLOCKING), "disruptor blocking", counter);
  }

  private long done(Checksum checksum, String system, RecordCounter counter) {
    long sum = checksum.verify(system, records);
    counter.add(records);
    return sum;
  }
}
