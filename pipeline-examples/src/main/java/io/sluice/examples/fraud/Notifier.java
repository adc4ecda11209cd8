package io.sluice.examples.fraud;

import io.sluice.api.PipelineClock;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import io.sluice.examples.console.Console;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Notifies each alert the moment it comes: prints it and, if given an export sink, writes it there
 * too (a stand-in for paging the fraud team). Measures each alert's latency, from the push of its
 * transaction into the pipeline to its notification. Its histogram and alert list are written by
 * the sink's thread only; read them after the run has ended.
 */
final class Notifier implements Sink<Alert> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Console console;
  private final boolean print;
  private final Sink<Alert> export;
  private final Histogram latencyNanos = new Histogram(3);
  private final List<Alert> alerts = new ArrayList<>();
  private PipelineClock clock;

  Notifier(Console console, boolean print, Sink<Alert> export) {
    this.console = console;
    this.print = print;
    this.export = export;
  }

  @Override
  public void open(StageContext context) throws Exception {
    clock = context.clock();
    if (export != null) {
      export.open(context);
    }
  }

  @Override
  public void write(Alert alert) throws Exception {
    if (print) {
      console.println(describe(alert));
    }
    if (export != null) {
      export.write(alert);
    }
    latencyNanos.recordValue(Math.max(0, clock.nanoTime() - alert.transaction().createdNanos()));
    alerts.add(alert);
  }

  static String describe(Alert alert) {
    CardTransaction tx = alert.transaction();
    return String.format(Locale.ROOT, "  ALERT %s  tx %-6d %s  %-17s %s",
        TIME.format(Instant.ofEpochMilli(tx.eventMillis())), tx.id(), tx.card(), alert.rule(),
        alert.detail());
  }

  @Override
  public void close() throws Exception {
    if (export != null) {
      export.close();
    }
  }

  Histogram latencyNanos() {
    return latencyNanos;
  }

  List<Alert> alerts() {
    return alerts;
  }
}
