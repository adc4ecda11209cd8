package io.sluice.benchmarks.report;

import io.sluice.benchmarks.timeflush.TimeFlushResult;
import io.sluice.benchmarks.work.SinkCost;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the results of a suite run into the markdown tables of the report. */
final class ReportRenderer {
  private final JmhResults throughput;
  private final JmhResults allocation;
  private final List<TimeFlushResult> timeFlush;

  ReportRenderer(JmhResults throughput, JmhResults allocation, List<TimeFlushResult> timeFlush) {
    this.throughput = throughput;
    this.allocation = allocation;
    this.timeFlush = List.copyOf(timeFlush);
  }

  String render() {
    return "### Targets\n\n" + new TargetChecks(throughput, allocation, timeFlush).table()
        + "\n### 1. Three per-record stages\n\n"
        + throughputTable(Systems.PER_RECORD, Systems.PER_RECORD_ROWS, Systems.SLUICE, "Sluice")
        + "\n### 2. Three stages, batched(256)\n\n"
        + throughputTable(Systems.BATCHED, Systems.BATCHED_ROWS, Systems.SLUICE_BATCHED,
            "Sluice batched")
        + "\n### 3. Costly sink (20 µs per call + 0.2 µs per record)\n\n" + sinkTable()
        + "\n### 4. TIME flush lateness (after first push + maxWait)\n\n" + timeFlushTable()
        + "\n### 5. Allocation per record in steady state (`-prof gc`)\n\n" + allocationTable();
  }

  /** Every benchmark of a class: the known ones in report order, then any the report lacks. */
  private List<JmhResult> rowsOf(String benchmarkClass, Map<String, String> labels) {
    Set<String> names = new LinkedHashSet<>(labels.keySet());
    throughput.all().stream().map(JmhResult::benchmark)
        .filter(name -> name.startsWith(benchmarkClass + ".")).forEach(names::add);
    List<JmhResult> rows = new ArrayList<>();
    for (String name : names) {
      rows.addAll(throughput.findAll(name));
    }
    return rows;
  }

  private String throughputTable(String benchmarkClass, Map<String, String> labels,
      String reference, String referenceName) {
    Markdown table = Markdown.table("system", "records/s", "error", referenceName + " ÷ system");
    Optional<Double> ref = throughput.recordsPerSecond(reference);
    for (JmhResult result : rowsOf(benchmarkClass, labels)) {
      Optional<JmhResult.Metric> rate = result.recordsPerSecond();
      table.row(label(labels, result),
          rate.map(m -> Markdown.rate(m.score())).orElse("n/a"),
          rate.map(Markdown::error).orElse("–"),
          Markdown.ratio(ref, rate.map(JmhResult.Metric::score)));
    }
    if (benchmarkClass.equals(Systems.BATCHED)) {
      Optional<Double> raw = throughput.recordsPerSecond(Systems.DISRUPTOR_YIELDING);
      table.row("raw Disruptor per record, yielding (from table 1)",
          raw.map(Markdown::rate).orElse("n/a"), "–", Markdown.ratio(ref, raw));
    }
    return table.isEmpty() ? "not measured\n" : table.render();
  }

  private String sinkTable() {
    Markdown table = Markdown.table("sink", "records/s", "error", "cost-model ceiling",
        "share of ceiling");
    for (JmhResult result : rowsOf(Systems.SINK, Systems.SINK_ROWS)) {
      Optional<JmhResult.Metric> rate = result.recordsPerSecond();
      int batch = result.params().containsKey("batchSize")
          ? Integer.parseInt(result.params().get("batchSize")) : 1;
      double ceiling = SinkCost.ceilingRecordsPerSecond(batch);
      String label = label(Systems.SINK_ROWS, result);
      table.row(batch > 1 ? label.replace("(n", "(" + batch) : label,
          rate.map(m -> Markdown.rate(m.score())).orElse("n/a"),
          rate.map(Markdown::error).orElse("–"), Markdown.rate(ceiling),
          rate.map(m -> Markdown.decimal(100 * m.score() / ceiling, 0) + " %").orElse("n/a"));
    }
    return table.isEmpty() ? "not measured\n" : table.render();
  }

  private String timeFlushTable() {
    Markdown table = Markdown.table("scenario", "maxWait", "samples", "p50", "p90", "p99", "max",
        "early / unexpected flushes");
    for (TimeFlushResult r : timeFlush) {
      table.row(r.scenario(), r.maxWaitMillis() + " ms", Long.toString(r.samples()),
          micros(r.p50Micros()), micros(r.p90Micros()), micros(r.p99Micros()),
          micros(r.maxMicros()), r.earlyFlushes() + " / " + r.unexpectedFlushes());
    }
    return table.isEmpty() ? "not measured\n" : table.render();
  }

  private String allocationTable() {
    Markdown table = Markdown.table("pipeline", "records per operation", "B per operation",
        "B per record");
    for (JmhResult result : allocation.all()) {
      Optional<Double> bytes = result.bytesPerRun();
      Optional<Long> records = result.recordsPerRun();
      if (bytes.isEmpty() || records.isEmpty()) {
        continue;
      }
      table.row(allocationLabel(result), String.format("%,d", records.get()),
          String.format("%,.0f", bytes.get()),
          Markdown.decimal(bytes.get() / records.get(), 4));
    }
    return table.isEmpty() ? "not measured\n" : table.render();
  }

  private static String allocationLabel(JmhResult result) {
    if (result.benchmark().equals(Systems.STEADY_STATE)) {
      return "Sluice, running pipeline, `" + result.params().getOrDefault("dispatch", "?") + "`";
    }
    if (result.benchmark().equals(Systems.HAND_FUSED)) {
      return "hand-fused loop (the measurement's floor)";
    }
    return "`" + result.benchmark() + "` (threads per run: their bytes are not all counted)";
  }

  /** The row's label, with its parameters when the benchmark ran with several. */
  private String label(Map<String, String> labels, JmhResult result) {
    String label = Systems.label(labels, result.benchmark());
    if (throughput.findAll(result.benchmark()).size() > 1) {
      label += " " + result.params();
    }
    return label;
  }

  private static String micros(double value) {
    return value >= 1000 ? Markdown.decimal(value / 1000, 2) + " ms"
        : Markdown.decimal(value, 0) + " µs";
  }
}
