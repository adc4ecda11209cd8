package io.sluice.benchmarks.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmarks of one or more JMH JSON result files ({@code -rf json}), looked up by
 * {@code SimpleClassName.method}.
 */
public final class JmhResults {
  private final List<JmhResult> results;

  private JmhResults(List<JmhResult> results) {
    this.results = List.copyOf(results);
  }

  /**
   * Reads JMH JSON result files; a missing file reads as no results.
   *
   * @param files the files
   * @return the results of all of them, in file order
   * @throws IOException if a file exists but cannot be read
   */
  public static JmhResults read(List<Path> files) throws IOException {
    List<JmhResult> all = new ArrayList<>();
    for (Path file : files) {
      if (Files.exists(file)) {
        all.addAll(parse(Files.readString(file)).results);
      }
    }
    return new JmhResults(all);
  }

  /**
   * Parses the text of a JMH JSON result file.
   *
   * @param json the file's text
   * @return its results
   * @throws IllegalArgumentException if the text is not a JMH result array
   */
  public static JmhResults parse(String json) {
    JsonElement root = JsonParser.parseString(json);
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException("not a JMH JSON result file: the top level is not an array");
    }
    List<JmhResult> results = new ArrayList<>();
    for (JsonElement element : root.getAsJsonArray()) {
      JsonObject benchmark = element.getAsJsonObject();
      Map<String, String> params = new LinkedHashMap<>();
      if (benchmark.has("params")) {
        benchmark.getAsJsonObject("params").entrySet()
            .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
      }
      Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
      if (benchmark.has("secondaryMetrics")) {
        benchmark.getAsJsonObject("secondaryMetrics").entrySet().forEach(e ->
            secondary.put(stripDot(e.getKey()), metric(e.getValue().getAsJsonObject())));
      }
      results.add(new JmhResult(shortName(benchmark.get("benchmark").getAsString()),
          Map.copyOf(params), metric(benchmark.getAsJsonObject("primaryMetric")),
          Map.copyOf(secondary)));
    }
    return new JmhResults(results);
  }

  /**
   * Returns every result, in file order.
   *
   * @return the results
   */
  public List<JmhResult> all() {
    return results;
  }

  /**
   * Returns the first result of a benchmark.
   *
   * @param benchmark {@code SimpleClassName.method}
   * @return the result, or empty if it was not run
   */
  public Optional<JmhResult> find(String benchmark) {
    return results.stream().filter(r -> r.benchmark().equals(benchmark)).findFirst();
  }

  /**
   * Returns every result of a benchmark (one per parameter combination), fewest records first.
   *
   * @param benchmark {@code SimpleClassName.method}
   * @return the results, possibly none
   */
  public List<JmhResult> findAll(String benchmark) {
    return results.stream().filter(r -> r.benchmark().equals(benchmark))
        .sorted(Comparator.comparing(r -> r.recordsPerRun().orElse(0L))).toList();
  }

  /**
   * Returns the records per second of a benchmark's first result.
   *
   * @param benchmark {@code SimpleClassName.method}
   * @return the throughput, or empty if it was not run
   */
  public Optional<Double> recordsPerSecond(String benchmark) {
    return find(benchmark).flatMap(JmhResult::recordsPerSecond).map(JmhResult.Metric::score);
  }

  private static JmhResult.Metric metric(JsonObject json) {
    return new JmhResult.Metric(number(json.get("score")), number(json.get("scoreError")),
        json.has("scoreUnit") ? json.get("scoreUnit").getAsString() : "");
  }

  /** JMH writes NaN as the string "NaN", which strict JSON number parsing rejects. */
  private static double number(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      return Double.NaN;
    }
    return Double.parseDouble(element.getAsString());
  }

  /** Older JMH versions prefix profiler metrics with a middle dot ("·gc.alloc.rate"). */
  private static String stripDot(String name) {
    return name.startsWith("\u00b7") ? name.substring(1) : name;
  }

  /** {@code io.sluice.benchmarks.PerRecordPipelineBenchmark.sluice} to the last two parts. */
  static String shortName(String fullName) {
    int method = fullName.lastIndexOf('.');
    int type = method > 0 ? fullName.lastIndexOf('.', method - 1) : -1;
    return fullName.substring(type + 1);
  }
}
