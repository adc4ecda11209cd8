package io.sluice.benchmarks.report;

import io.sluice.benchmarks.timeflush.TimeFlushResult;
import io.sluice.benchmarks.work.SinkCost;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The performance targets, each checked against the measured figures. */
final class TargetChecks {
  /** Below this many bytes per record, what a run allocates is per operation, not per record. */
  static final double ZERO_BYTES_PER_RECORD = 0.01;
  static final double TIME_FLUSH_P99_LIMIT_MICROS = 2000;

  private final JmhResults throughput;
  private final JmhResults allocation;
  private final List<TimeFlushResult> timeFlush;

  TargetChecks(JmhResults throughput, JmhResults allocation, List<TimeFlushResult> timeFlush) {
    this.throughput = throughput;
    this.allocation = allocation;
    this.timeFlush = timeFlush;
  }

  String table() {
    Markdown table = Markdown.table("target", "measured", "goal", "verdict");
    ratio(table, "`batched(256)`, three stages ÷ Sluice `perRecord()`", Systems.SLUICE_BATCHED,
        Systems.SLUICE, 2.0);
    ratio(table, "`batched(256)`, three stages ÷ raw Disruptor, 256-record chunks, yielding",
        Systems.SLUICE_BATCHED, Systems.DISRUPTOR_CHUNKED_YIELDING, 1.0);
    ratio(table, "`batched(256)`, three stages ÷ raw Disruptor, 256-record chunks, blocking",
        Systems.SLUICE_BATCHED, Systems.DISRUPTOR_CHUNKED_BLOCKING, 1.0);
    ratio(table, "`smart(256)`, three stages ÷ Sluice `perRecord()`", Systems.SLUICE_SMART,
        Systems.SLUICE, 2.0);
    ceilingShare(table, "costly sink `batched(256)`, share of the cost ceiling",
        Systems.SINK + ".sluiceBatched");
    ceilingShare(table, "costly sink `smart(256)`, share of the cost ceiling",
        Systems.SINK + ".sluiceSmart");
    ratio(table, "per record, ring per stage: Sluice ÷ JCTools SPSC threads", Systems.SLUICE,
        Systems.JCTOOLS_SPSC, 1.0);
    ratio(table, "per record, ring per stage: Sluice ÷ raw Disruptor, yielding", Systems.SLUICE,
        Systems.DISRUPTOR_YIELDING, 1.0);
    ratio(table, "fused chain, stages and sink on one thread as in the hand loop: Sluice ÷ "
        + "hand-fused loop", Systems.SLUICE_ONE_THREAD, Systems.HAND_FUSED, 0.3);
    ratio(table, "fused chain, stages fused, sink on its own thread: Sluice ÷ hand-fused loop",
        Systems.SLUICE_FUSED, Systems.HAND_FUSED, 0.3);
    reference(table, "for reference, what 256-record chunks give the raw Disruptor (yielding)",
        Systems.DISRUPTOR_CHUNKED_YIELDING, Systems.DISRUPTOR_YIELDING);
    reference(table, "for reference, what 256-record arrays give JCTools SPSC threads",
        Systems.JCTOOLS_SPSC_CHUNKED, Systems.JCTOOLS_SPSC);
    allocation(table, "perRecord");
    allocation(table, "batched256_1ms");
    timeFlush(table);
    return table.render();
  }

  private void ceilingShare(Markdown table, String name, String benchmark) {
    Optional<JmhResult> result = throughput.find(benchmark);
    Optional<Double> rate = result.flatMap(JmhResult::recordsPerSecond).map(m -> m.score());
    if (rate.isEmpty()) {
      table.row(name, "n/a", "≥ 90 %", "not measured");
      return;
    }
    int batch = Integer.parseInt(result.get().params().getOrDefault("batchSize", "1"));
    double share = rate.get() / SinkCost.ceilingRecordsPerSecond(batch);
    table.row(name, Markdown.decimal(100 * share, 0) + " %", "≥ 90 %", verdict(share >= 0.9));
  }

  private void ratio(Markdown table, String name, String numerator, String denominator,
      double goal) {
    Optional<Double> n = throughput.recordsPerSecond(numerator);
    Optional<Double> d = throughput.recordsPerSecond(denominator);
    if (n.isEmpty() || d.isEmpty()) {
      table.row(name, "n/a", "≥ " + Markdown.ratio(goal), "not measured");
      return;
    }
    double value = n.get() / d.get();
    table.row(name, Markdown.ratio(value), "≥ " + Markdown.ratio(goal), verdict(value >= goal));
  }

  /** A ratio with no goal: what the same change does to a baseline, to read a verdict by. */
  private void reference(Markdown table, String name, String numerator, String denominator) {
    table.row(name, Markdown.ratio(throughput.recordsPerSecond(numerator),
        throughput.recordsPerSecond(denominator)), "–", "–");
  }

  private void allocation(Markdown table, String dispatch) {
    String name = "framework allocation per record, steady state, `" + dispatch + "`";
    Optional<Double> perRecord = allocation.findAll(Systems.STEADY_STATE).stream()
        .filter(r -> dispatch.equals(r.params().get("dispatch")))
        .filter(r -> r.bytesPerRun().isPresent() && r.recordsPerRun().isPresent())
        .map(r -> r.bytesPerRun().get() / r.recordsPerRun().get()).findFirst();
    table.row(name, perRecord.map(b -> Markdown.decimal(b, 4) + " B").orElse("n/a"),
        "0 B (< " + ZERO_BYTES_PER_RECORD + ")",
        perRecord.map(b -> verdict(b < ZERO_BYTES_PER_RECORD)).orElse("not measured"));
  }

  private void timeFlush(Markdown table) {
    Optional<TimeFlushResult> worst = timeFlush.stream()
        .max(Comparator.comparingDouble(TimeFlushResult::p99Micros));
    table.row("TIME flush p99 lateness (worst scenario"
            + worst.map(w -> ": " + w.scenario() + ", maxWait " + w.maxWaitMillis() + " ms")
                .orElse("") + ")",
        worst.map(w -> Markdown.decimal(w.p99Micros() / 1000, 2) + " ms").orElse("n/a"),
        "< 2 ms",
        worst.map(w -> verdict(w.p99Micros() < TIME_FLUSH_P99_LIMIT_MICROS))
            .orElse("not measured"));
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }
}
