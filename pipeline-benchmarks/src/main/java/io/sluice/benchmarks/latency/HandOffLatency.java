package io.sluice.benchmarks.latency;

import io.sluice.api.Dispatch;
import io.sluice.benchmarks.report.Markdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The latency driver (not JMH: latency needs a paced producer and histograms, not a score): three
 * stages at 1k, 10k and 100k records/s on Sluice, the raw Disruptor (blocking and yielding) and
 * Reactor in the same run; the slow-stage and long-poll scenarios; the CPU of an idle pipeline;
 * the costly sink under each dispatch at a light and a heavy rate. Prints a Markdown report with
 * the latency targets and writes it to {@code --out}.
 *
 * <p>Arguments: {@code --seconds s} measured per run (default 3), {@code --warmup s} (default 1),
 * {@code --bursts n} per burst scenario (default 10), {@code --out file}.
 */
public final class HandOffLatency {
  static final double[] RATES = {1_000, 10_000, 100_000};
  static final double TARGET_RATE = 10_000;
  static final double IDLE_LIMIT = 0.02;
  static final long SLOW_STAGE_ALLOWANCE_NANOS = 1_000_000;

  private HandOffLatency() {}

  /**
   * Runs every scenario and prints the report.
   *
   * @param args see the class comment
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    double seconds = 3;
    double warmup = 1;
    int bursts = 10;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
        case "--bursts" -> bursts = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    String report = report((long) (seconds * 1e9), (long) (warmup * 1e9), Math.max(2, bursts));
    System.out.println(report);
    if (out != null) {
      Files.writeString(out, report);
    }
  }

  static String report(long measureNanos, long warmupNanos, int bursts) throws Exception {
    List<System3> systems = List.of(new SluiceSystem(), DisruptorSystem.blocking(),
        DisruptorSystem.yielding(), new ReactorSystem());
    Markdown rates = Markdown.table("rate", "system", "end to end p50", "p99", "p99.9", "max",
        "hop p50", "hop p99", "hop p99.9");
    double sluiceHop = Double.NaN;
    double blockingHop = Double.NaN;
    for (double rate : RATES) {
      for (System3 system : systems) {
        Recorder r = new Recorder();
        long sent;
        try (System3.Running running = system.start((hop, p) -> p.enter(hop), r)) {
          sent = Pacer.run(running, new Pool(1 << 16), rate, warmupNanos, measureNanos, r);
        }
        Pacer.awaitArrivals(r::arrived, sent);
        rates.row(rate(rate), system.name(), LatencyTable.p(r.endToEnd, 50),
            LatencyTable.p(r.endToEnd, 99), LatencyTable.p(r.endToEnd, 99.9),
            LatencyTable.max(r.endToEnd), LatencyTable.p(r.hop, 50), LatencyTable.p(r.hop, 99),
            LatencyTable.p(r.hop, 99.9));
        if (rate == TARGET_RATE && system instanceof SluiceSystem) {
          sluiceHop = r.hop.getValueAtPercentile(99);
        } else if (rate == TARGET_RATE && system.name().contains("Blocking")) {
          blockingHop = r.hop.getValueAtPercentile(99);
        }
      }
    }

    Markdown slow = Markdown.table("system", "wait after the slow stage p50", "p99", "max",
        "first of a burst, push to sink p50", "max");
    Histogram sluiceAfterSlow = null;
    for (System3 system : List.of(new SluiceSystem(), DisruptorSystem.blocking())) {
      Recorder r = SlowStage.run(system, bursts);
      slow.row(system.name(), LatencyTable.p(r.afterSlowStage, 50),
          LatencyTable.p(r.afterSlowStage, 99), LatencyTable.max(r.afterSlowStage),
          LatencyTable.p(r.firstOfBurst, 50), LatencyTable.max(r.firstOfBurst));
      if (system instanceof SluiceSystem) {
        sluiceAfterSlow = r.afterSlowStage;
      }
    }

    Recorder longPoll = LongPoll.run(bursts * 2);
    Markdown poll = Markdown.table("scenario", "push to sink p50", "p99", "max");
    poll.row("bursts of " + LongPoll.BURST + ", source polls wait up to "
            + LongPoll.POLL_WAIT_SECONDS + " s", LatencyTable.p(longPoll.endToEnd, 50),
        LatencyTable.p(longPoll.endToEnd, 99), LatencyTable.max(longPoll.endToEnd));

    long idleWindow = Math.max(200_000_000L, measureNanos);
    double idleLive = IdleCpu.live(idleWindow);
    double idlePolling = IdleCpu.polling(idleWindow);
    Markdown idle = Markdown.table("idle pipeline (3 stages + sink, thread each)", "CPU, share of a core");
    idle.row("live input, nothing pushed", percent(idleLive));
    idle.row("source whose polls return nothing", percent(idlePolling));

    Markdown sink = Markdown.table("load", "sink dispatch", "push to written p50", "p99", "max");
    for (double rate : new double[] {1_000, 100_000}) {
      for (Dispatch dispatch : CostlySinkLatency.DISPATCHES) {
        Recorder r = CostlySinkLatency.run(dispatch, rate, warmupNanos, measureNanos);
        sink.row(rate(rate), "`" + dispatch + "`", LatencyTable.p(r.endToEnd, 50),
            LatencyTable.p(r.endToEnd, 99), LatencyTable.max(r.endToEnd));
      }
    }

    Markdown targets = Markdown.table("target", "measured", "goal", "verdict");
    targets.row("hop p99 at 10k records/s, Sluice vs raw Disruptor blocking",
        LatencyTable.time(sluiceHop) + " vs " + LatencyTable.time(blockingHop), "≤ Disruptor's",
        LatencyTable.verdict(sluiceHop <= blockingHop));
    double afterSlow = sluiceAfterSlow.getValueAtPercentile(99);
    targets.row("wait after a 2 ms stage beyond its own time, p99 (max "
            + LatencyTable.max(sluiceAfterSlow) + ")", LatencyTable.time(afterSlow), "≤ 1 ms",
        LatencyTable.verdict(afterSlow <= SLOW_STAGE_ALLOWANCE_NANOS));
    targets.row("idle live pipeline, CPU", percent(idleLive), "< 2 % of a core",
        LatencyTable.verdict(idleLive < IDLE_LIMIT));
    targets.row("idle pipeline polling an empty source, CPU", percent(idlePolling),
        "< 2 % of a core", LatencyTable.verdict(idlePolling < IDLE_LIMIT));

    List<String> parts = new ArrayList<>();
    parts.add("#### Latency targets\n\n" + targets.render());
    parts.add("#### Three stages, paced (hop = push to stage 1, stage to stage, stage 3 to sink)\n\n"
        + rates.render());
    parts.add("#### A 2 ms stage, bursts of " + SlowStage.BURST + "\n\n" + slow.render());
    parts.add("#### A source whose poll waits for messages\n\n" + poll.render());
    parts.add("#### Idle CPU\n\n" + idle.render());
    parts.add("#### Costly sink (20 µs per call + 0.2 µs per record), light and heavy load\n\n"
        + sink.render());
    return String.join("\n", parts);
  }

  private static String rate(double perSecond) {
    return perSecond >= 1000 ? Markdown.decimal(perSecond / 1000, 0) + "k/s"
        : Markdown.decimal(perSecond, 0) + "/s";
  }

  private static String percent(double share) {
    return Markdown.decimal(share * 100, 2) + " %";
  }
}
