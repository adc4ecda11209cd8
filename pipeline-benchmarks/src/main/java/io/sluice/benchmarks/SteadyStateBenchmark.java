package io.sluice.benchmarks;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.benchmarks.sluice.GatedSource;
import io.sluice.benchmarks.sluice.SluicePipelines;
import io.sluice.benchmarks.sluice.WatchedSink;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * The Sluice three-stage pipeline in steady state: started once per trial with a
 * {@link GatedSource}, each operation lets {@code records} more items through and waits until the
 * sink has them. Run it with {@code -prof gc}: {@code gc.alloc.rate.norm / records} is the
 * framework's allocation per record (the stages allocate nothing).
 *
 * <p>Why not {@code -prof gc} on the per-run benchmarks: on JDK 17 JMH sums the allocation of the
 * threads alive at both the start and the end of an iteration, so the bytes of stage threads that
 * start and end within it are not counted. Here the stage threads live through every iteration.
 * The {@code :records} metric is the steady-state throughput (no thread start per run).
 *
 * <p>What the pipeline's threads allocate in steady state is bookkeeping, not per record: the
 * stage meters' HdrHistograms growing to a new largest value (JFR allocation events with stacks
 * over 15 s runs). Read the iterations one by one: the last one has shown 45-390 KB per operation
 * where the others show 0.2-30 KB, with the close moved off the benchmark's thread too, from a
 * source not found yet (docs/benchmarks.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class SteadyStateBenchmark {
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Records per operation. */
  @Param("1000000")
  public int records;

  /**
   * The dispatch of every stage and the sink: {@code perRecord}, or {@code batched256_1ms} for
   * {@code batched(256, 1 ms)}; a batched dispatch needs its maxWait here, since the gated source
   * never ends the stream and a partial batch would otherwise wait for the next operation. Each
   * stage has its own thread, except under {@code perRecordFused}: {@code perRecord} with the three
   * stages fused onto the source's thread.
   */
  @Param({"perRecord", "batched256_1ms", "perRecordFused"})
  public String dispatch;

  private GatedSource source;
  private WatchedSink sink;
  private RunningPipeline<Item> run;

  /** Starts the pipeline for the whole trial. */
  @Setup
  public void start() {
    Item[] items = Item.range(records);
    source = new GatedSource(items);
    sink = new WatchedSink();
    Dispatch stages = switch (dispatch) {
      case "perRecord", "perRecordFused" -> Dispatch.perRecord();
      case "batched256_1ms" -> Dispatch.batched(256, Duration.ofMillis(1));
      default -> throw new IllegalArgumentException("unknown dispatch " + dispatch);
    };
    Pipeline<Item> pipeline = SluicePipelines.threeStages(() -> source, stages, sink,
        dispatch.equals("perRecordFused") ? SluicePipelines.Threads.STAGES_FUSED
            : SluicePipelines.Threads.RING_PER_STAGE);
    run = pipeline.start();
  }

  /**
   * Drains and stops the pipeline on a thread of its own; rethrows a failure of any stage. JMH
   * runs this tear-down inside the last measured iteration, and a close allocates about 60 KB on
   * the calling thread (the run's report): on the benchmark's thread it was charged to that
   * iteration's records. On JDK 17 {@code -prof gc} does not count a thread that starts and ends
   * within an iteration, so this close is not counted; nor are the stage threads' own bytes of
   * the last iteration, since they end in it.
   */
  @TearDown
  public void stop() throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread closer = new Thread(() -> {
      try {
        run.close();
      } catch (RuntimeException | Error e) {
        failure[0] = e;
      }
    }, "steady-state-close");
    closer.start();
    closer.join();
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }

  /** Lets {@code records} items through the running pipeline and waits for the sink to see them. */
  @Benchmark
  public long sluiceSteadyState(RecordCounter counter) {
    long countBefore = sink.delivered();
    long sumBefore = sink.sum();
    long target = countBefore + Checksum.expectedCount(records);
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    source.permit(records);
    while (sink.delivered() < target) {
      if (run.isDone() || System.nanoTime() - deadline > 0) {
        run.cancel(); // JMH skips the tear-down after a failure: do not leave the threads running
        throw new IllegalStateException("sluice steady state " + dispatch + ": the sink has "
            + (sink.delivered() - countBefore) + " of " + Checksum.expectedCount(records)
            + " records" + (run.isDone() ? " and the pipeline ended" : " after 60 s"));
      }
      LockSupport.parkNanos(20_000);
    }
    long sum = sink.sum() - sumBefore;
    if (sink.delivered() != target || sum != Checksum.expectedSum(records)) {
      run.cancel();
      throw new IllegalStateException("sluice steady state " + dispatch + ": the sink saw "
          + (sink.delivered() - countBefore) + " records summing to " + sum + "; expected "
          + Checksum.expectedCount(records) + " summing to " + Checksum.expectedSum(records));
    }
    counter.add(records);
    return sum;
  }
}
