package io.sluice.benchmarks.flink;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.RecordCounter;
import io.sluice.benchmarks.sluice.ChecksumSink;
import io.sluice.benchmarks.sluice.SluicePipelines;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.flink.FlinkRunner;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three-stage workload ({@code inc}, {@code triple}, {@code even}, a summing sink) in one run
 * on three engines: the local runner (default fusion: the stages fused onto the source's thread,
 * the sink on its own), the same blueprint on Flink through {@link FlinkRunner}, and
 * {@link HandWrittenFlinkJob}, the same operators written directly for Flink. Both Flink rows
 * submit to one MiniCluster started per trial (parallelism 1), so an operation is a job's
 * submission, run and end, not a cluster's start. One operation is one complete run of
 * {@code records} items; each checks its checksum.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/java.util=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class FlinkComparisonBenchmark {

  /** Records per run. */
  @Param("1000000")
  public int records;

  private Item[] items;
  private MiniCluster cluster;
  private ChecksumSink localSink;
  private Pipeline<Item> local;
  private ChecksumSink flinkSink;
  private Pipeline<Item> onFlink;
  private FlinkRunner flink;

  /** Starts the MiniCluster and makes the blueprints once per trial. */
  @Setup
  public void setUp() throws Exception {
    items = Item.range(records);
    cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
    cluster.start();
    TestStreamEnvironment.setAsContext(cluster, 1);
    localSink = new ChecksumSink();
    local = SluicePipelines.threeStages(items, Dispatch.perRecord(), localSink,
        SluicePipelines.Threads.STAGES_FUSED);
    flinkSink = new ChecksumSink();
    onFlink = SluicePipelines.threeStages(items, Dispatch.perRecord(), flinkSink,
        SluicePipelines.Threads.STAGES_FUSED);
    flink = FlinkRunner.fromContext().withInJvmReferences();
  }

  /** Stops the MiniCluster. */
  @TearDown
  public void tearDown() throws Exception {
    TestStreamEnvironment.unsetAsContext();
    cluster.close();
  }

  /** The local runner. */
  @Benchmark
  public long sluiceLocal(RecordCounter counter) throws InterruptedException {
    local.run();
    return done(localSink.checksum(), "sluice local", counter);
  }

  /** The same blueprint as a Flink job. */
  @Benchmark
  public long sluiceOnFlink(RecordCounter counter) throws InterruptedException {
    onFlink.start(flink).awaitCompletion();
    return done(flinkSink.checksum(), "sluice on Flink", counter);
  }

  /** The same operators written for Flink by hand. */
  @Benchmark
  public long handWrittenFlink(RecordCounter counter) throws Exception {
    return done(HandWrittenFlinkJob.run(items), "hand-written Flink", counter);
  }

  private long done(Checksum checksum, String system, RecordCounter counter) {
    long sum = checksum.verify(system, records);
    counter.add(records);
    return sum;
  }
}
