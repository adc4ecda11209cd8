package io.sluice.benchmarks.report;

import com.google.gson.Gson;
import io.sluice.benchmarks.timeflush.TimeFlushResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the result files of a suite run into a markdown report: the targets with their verdicts,
 * then one table per benchmark. Usage:
 *
 * <pre>
 * BenchmarkReport --throughput jmh.json [--allocation gc.json] [--time-flush tf.json]
 *                 [--machine "text"] [--out report.md]
 * </pre>
 *
 * <p>{@code --throughput} may be repeated. Without {@code --out} the report goes to standard
 * output. A missing file shows as "not measured".
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  /**
   * Writes the report.
   *
   * @param args see the class comment
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    List<Path> throughput = new ArrayList<>();
    List<Path> allocation = new ArrayList<>();
    Path timeFlush = null;
    Path out = null;
    String machine = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--throughput" -> throughput.add(Path.of(value));
        case "--allocation" -> allocation.add(Path.of(value));
        case "--time-flush" -> timeFlush = Path.of(value);
        case "--machine" -> machine = value;
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String report = render(JmhResults.read(throughput), JmhResults.read(allocation),
        readTimeFlush(timeFlush), machine);
    if (out == null) {
      System.out.print(report);
    } else {
      Files.writeString(out, report);
    }
  }

  /**
   * Renders the report.
   *
   * @param throughput the throughput benchmarks' results
   * @param allocation the {@code -prof gc} run's results
   * @param timeFlush the time-flush driver's results
   * @param machine a description of the machine, or {@code null}
   * @return the markdown
   */
  public static String render(JmhResults throughput, JmhResults allocation,
      List<TimeFlushResult> timeFlush, String machine) {
    return (machine == null ? "" : "Machine: " + machine + "\n\n")
        + new ReportRenderer(throughput, allocation, timeFlush).render();
  }

  /**
   * Reads the time-flush driver's JSON; a missing file reads as no results.
   *
   * @param file the file, or {@code null}
   * @return the results
   * @throws IOException if the file exists but cannot be read
   */
  static List<TimeFlushResult> readTimeFlush(Path file) throws IOException {
    if (file == null || !Files.exists(file)) {
      return List.of();
    }
    return List.of(new Gson().fromJson(Files.readString(file), TimeFlushResult[].class));
  }
}
