package io.sluice.benchmarks;

import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.benchmarks.sluice.ChecksumSink;
import io.sluice.benchmarks.sluice.SluicePipelines;
import io.sluice.benchmarks.work.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

/**
 * The cost of checkpoints: the three-stage pipeline (a ring and a thread per stage) in the same
 * run without checkpoints and with a checkpoint every {@code interval}, kept in a file (written
 * and forced to disk, then moved over the old one). Every checkpoint flushes each stage's partial
 * batch (reason CHECKPOINT) and sends a barrier chunk through every ring.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class CheckpointOverheadBenchmark {

  /** Records per run. */
  @Param("2000000")
  public int records;

  /** The dispatch on every stage. */
  @Param({"perRecord", "batched256"})
  public String dispatch;

  /** How often a checkpoint is taken: {@code none}, or a duration such as {@code 1s}. */
  @Param({"none", "1s", "10ms"})
  public String interval;

  private ChecksumSink sink;
  private Pipeline<Item> pipeline;
  private Path dir;

  /** Makes the items and the blueprint once per trial. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sink = new ChecksumSink();
    dir = Files.createTempDirectory("sluice-checkpoints");
    Pipeline<Item> plain = SluicePipelines.threeStages(Item.range(records),
        "perRecord".equals(dispatch) ? Dispatch.perRecord() : Dispatch.batched(256), sink);
    pipeline = "none".equals(interval) ? plain : plain.withCheckpoints(
        CheckpointStore.inFile(dir.resolve("bench.checkpoint")), duration(interval));
  }

  /** Reads {@code 10ms} or {@code 1s}. */
  private static Duration duration(String text) {
    return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.replace("ms", "")))
        : Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
  }

  /** Deletes the checkpoint file. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(dir.resolve("bench.checkpoint"));
    Files.deleteIfExists(dir);
  }

  /** One whole run of the pipeline. */
  @Benchmark
  public long run(RecordCounter counter) throws InterruptedException {
    pipeline.run();
    long sum = sink.checksum().verify("checkpoints " + interval, records);
    counter.add(records);
    return sum;
  }
}
