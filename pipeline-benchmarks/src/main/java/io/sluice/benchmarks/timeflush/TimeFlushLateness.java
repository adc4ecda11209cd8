package io.sluice.benchmarks.timeflush;

import com.google.gson.GsonBuilder;
import io.sluice.api.Dispatch;
import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Measures how late Sluice's TIME flushes fire, with the real clock: a live pipeline feeds a sink
 * dispatched {@code batched(huge, maxWait)}, each record carrying the {@code nanoTime} of its
 * push, and the sink records {@code arrival - firstPush - maxWait} per batch in an HdrHistogram.
 * Measured from the push, so the figure includes the hand-off from the caller to the stage thread:
 * it is how much longer than maxWait a record can wait, as a user sees it.
 *
 * <ul>
 *   <li>{@code idle}: one record, wait for its flush, then a random 1-3 ms of silence, so every
 *       batch starts on a stage thread that has backed off to parking (random, so the pushes do
 *       not lock into phase with the thread's park schedule and hit it always early or late);
 *   <li>{@code trickle}: a record every {@link #TRICKLE_INTERVAL}, so batches of several records
 *       are cut by time while records keep arriving.
 * </ul>
 *
 * <p>Usage: {@code TimeFlushLateness [--max-wait-ms 1,10] [--samples 500] [--warmup 50]
 * [--out file.json]}. Prints a table and writes the results as JSON for the report.
 */
public final class TimeFlushLateness {
  static final Duration MIN_IDLE_GAP = Duration.ofMillis(1);
  static final Duration MAX_IDLE_GAP = Duration.ofMillis(3);
  static final Duration TRICKLE_INTERVAL = Duration.ofNanos(100_000);
  /** Large enough that no batch fills by size. */
  private static final int MAX_BATCH = 1 << 16;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private TimeFlushLateness() {}

  /**
   * Runs the scenarios and prints and saves the results.
   *
   * @param args see the class comment
   * @throws Exception if a run fails or the file cannot be written
   */
  public static void main(String[] args) throws Exception {
    List<Long> maxWaits = List.of(1L, 10L);
    int samples = 500;
    int warmup = 50;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--max-wait-ms" -> maxWaits = parseList(args[i + 1]);
        case "--samples" -> samples = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<TimeFlushResult> results = new ArrayList<>();
    for (long maxWait : maxWaits) {
      for (String scenario : List.of("idle", "trickle")) {
        TimeFlushResult result = measure(scenario, Duration.ofMillis(maxWait), samples, warmup);
        System.out.println(format(result));
        results.add(result);
      }
    }
    if (out != null) {
      write(results, out);
    }
  }

  /**
   * Measures one scenario.
   *
   * @param scenario {@code idle} or {@code trickle}
   * @param maxWait the sink's maxWait
   * @param samples TIME flushes to measure
   * @param warmup TIME flushes to ignore first
   * @return the lateness figures
   * @throws InterruptedException if interrupted
   * @throws IllegalStateException if the flushes do not come within a minute
   */
  public static TimeFlushResult measure(String scenario, Duration maxWait, int samples,
      int warmup) throws InterruptedException {
    boolean idle = switch (scenario) {
      case "idle" -> true;
      case "trickle" -> false;
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
    LatenessSink sink = new LatenessSink(maxWait, warmup);
    Pipeline<Long> pipeline = Pipeline.named("time-flush").live("in", Long.class)
        .to("sink", sink, Dispatch.batched(MAX_BATCH, maxWait));
    Random gaps = new Random(42); // seeded: the same gaps every run
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (RunningPipeline<Long> run = pipeline.start()) {
      LiveInput<Long> input = run.input();
      while (sink.measured() < samples) {
        input.push(System.nanoTime());
        if (idle) {
          if (!sink.awaitFlush(TIMEOUT)) {
            throw new IllegalStateException("no TIME flush within " + TIMEOUT);
          }
          LockSupport.parkNanos(
              gaps.nextLong(MIN_IDLE_GAP.toNanos(), MAX_IDLE_GAP.toNanos()));
        } else {
          LockSupport.parkNanos(TRICKLE_INTERVAL.toNanos());
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(scenario + ": only " + sink.measured() + " of "
              + samples + " TIME flushes within " + TIMEOUT);
        }
      }
    }
    Histogram lateness = sink.lateness();
    return new TimeFlushResult(scenario, maxWait.toMillis(), lateness.getTotalCount(),
        micros(lateness.getValueAtPercentile(50)), micros(lateness.getValueAtPercentile(90)),
        micros(lateness.getValueAtPercentile(99)), micros(lateness.getMaxValue()), sink.early(),
        sink.unexpectedFlushes());
  }

  static String format(TimeFlushResult r) {
    return String.format(Locale.ROOT,
        "%-8s maxWait %3d ms  samples %5d  late p50 %8.1f us  p90 %8.1f us  p99 %8.1f us  "
            + "max %8.1f us  early %d  unexpected %d",
        r.scenario(), r.maxWaitMillis(), r.samples(), r.p50Micros(), r.p90Micros(), r.p99Micros(),
        r.maxMicros(), r.earlyFlushes(), r.unexpectedFlushes());
  }

  private static void write(List<TimeFlushResult> results, Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(results));
  }

  private static double micros(long nanos) {
    return nanos / (double) TimeUnit.MICROSECONDS.toNanos(1);
  }

  private static List<Long> parseList(String csv) {
    List<Long> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      values.add(Long.parseLong(part.trim()));
    }
    return values;
  }
}
