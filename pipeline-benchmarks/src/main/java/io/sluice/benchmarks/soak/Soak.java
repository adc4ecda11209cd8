package io.sluice.benchmarks.soak;

import io.sluice.api.Dispatch;
import io.sluice.api.PipelineReport;
import io.sluice.benchmarks.sluice.ChecksumSink;
import io.sluice.benchmarks.sluice.SluicePipelines;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The soak run: pushes {@code records} new items through the three-stage pipeline and checks that
 * every surviving record reached the sink with the right sum. Run it under a small heap
 * ({@code soak.sh} uses {@code -Xmx64m}): memory must be bounded by the rings, not by the input.
 *
 * <p>Usage: {@code Soak [records (default 100000000)] [perRecord|batched]}. Prints the figures and
 * exits with status 1 if the checksum is wrong.
 */
public final class Soak {
  private Soak() {}

  /**
   * What a soak run measured.
   *
   * @param records items pushed in
   * @param dispatch the dispatch of every stage
   * @param seconds wall time of the run
   * @param peakHeapBytes the sum of the heap pools' peak usage during the run
   * @param maxHeapBytes the heap limit
   * @param gcCount collections during the run
   * @param gcMillis time spent collecting during the run
   * @param report the pipeline's report
   */
  public record Outcome(long records, Dispatch dispatch, double seconds, long peakHeapBytes,
      long maxHeapBytes, long gcCount, long gcMillis, PipelineReport report) {

    /**
     * Returns the throughput.
     *
     * @return records per second
     */
    public double recordsPerSecond() {
      return records / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "soak: %,d records, %s, in %.1f s = %,.0f records/s; heap peak %,d KiB of max %,d KiB;"
              + " %d GCs, %d ms in GC",
          records, dispatch, seconds, recordsPerSecond(), peakHeapBytes / 1024,
          maxHeapBytes / 1024, gcCount, gcMillis);
    }
  }

  /**
   * Runs the soak.
   *
   * @param args see the class comment
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    long records = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 100_000_000L;
    Dispatch dispatch = args.length > 1 && args[1].equals("batched")
        ? Dispatch.batched(256) : Dispatch.perRecord();
    try {
      Outcome outcome = run(records, dispatch);
      System.out.println(outcome.report());
      System.out.println(outcome);
    } catch (IllegalStateException wrong) {
      System.err.println("soak FAILED: " + wrong.getMessage());
      System.exit(1);
    }
  }

  /**
   * Runs {@code records} new items through the three stages and checks the sink's checksum.
   *
   * @param records items to push in
   * @param dispatch the dispatch of every stage and the sink
   * @return the figures
   * @throws InterruptedException if interrupted
   * @throws IllegalStateException if a record was lost or not worked on
   */
  public static Outcome run(long records, Dispatch dispatch) throws InterruptedException {
    ChecksumSink sink = new ChecksumSink();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long gcCountBefore = gcCount();
    long gcMillisBefore = gcMillis();
    long start = System.nanoTime();
    PipelineReport report = SluicePipelines
        .threeStages(() -> new CountingSource(records), dispatch, sink).run();
    double seconds = (System.nanoTime() - start) / 1e9;
    sink.checksum().verify("soak", records);
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return new Outcome(records, dispatch, seconds, peak, Runtime.getRuntime().maxMemory(),
        gcCount() - gcCountBefore, gcMillis() - gcMillisBefore, report);
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }
}
