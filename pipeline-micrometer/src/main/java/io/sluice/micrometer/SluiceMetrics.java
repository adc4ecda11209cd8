package io.sluice.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.api.Distribution;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageReport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a running pipeline's per-stage metrics to a Micrometer {@link MeterRegistry}. Every meter
 * is tagged {@code pipeline} and {@code stage}; the names:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 * <tr><td>{@code sluice.stage.records}</td><td>function counter</td>
 *     <td>{@code outcome}: received, emitted, passed_on, filtered, skipped, dead_lettered,
 *     failed, stranded</td><td>records through the stage and their fates</td></tr>
 * <tr><td>{@code sluice.stage.retries}</td><td>function counter</td><td></td>
 *     <td>retries made by the stage's error policy</td></tr>
 * <tr><td>{@code sluice.stage.batches}</td><td>function counter</td>
 *     <td>{@code reason}: size, time, arrived, end_of_stream, drain, checkpoint</td><td>batches delivered</td></tr>
 * <tr><td>{@code sluice.stage.backlog}</td><td>gauge</td><td></td>
 *     <td>records waiting in the stage's input ring</td></tr>
 * <tr><td>{@code sluice.stage.utilisation}</td><td>gauge</td><td></td>
 *     <td>busy share of the stage thread's time, 0..1: working on records, not waiting for input
 *     nor blocked on a full downstream ring</td></tr>
 * <tr><td>{@code sluice.stage.blocked}</td><td>gauge</td><td></td>
 *     <td>share of the stage thread's time blocked on a full downstream ring, 0..1: high when a
 *     later stage is the bottleneck</td></tr>
 * <tr><td>{@code sluice.stage.batch.size}</td><td>gauge</td>
 *     <td>{@code statistic}: mean, p50, p99, max</td><td>records per batch</td></tr>
 * <tr><td>{@code sluice.stage.processing.time}</td><td>time gauge</td>
 *     <td>{@code statistic}: mean, p50, p99, max</td>
 *     <td>time in the stage's code per batch, or per record under per-record dispatch</td></tr>
 * </table>
 *
 * <p>A parallel stage's workers ({@link StageReport#workers()}) have meters of their own besides
 * the stage's rolled-up ones, tagged {@code pipeline}, {@code stage} and {@code worker} ({@code 0}
 * to {@code n-1}, as {@code workers()} lists them): {@code sluice.stage.worker.records} (tag
 * {@code outcome}, as above), {@code sluice.stage.worker.retries}, {@code
 * sluice.stage.worker.batches} (tag {@code reason}) and {@code sluice.stage.worker.utilisation}.
 * They have names of their own, so that every meter name keeps one set of tag keys (as
 * Prometheus requires) and a sum over a stage's {@code sluice.stage.*} series counts no record
 * twice.
 *
 * <p>Meters read {@link RunningPipeline#metrics()} through a snapshot shared for
 * {@value #SNAPSHOT_MILLIS} ms, so one scrape costs one snapshot, not one per meter. After the run
 * ends they keep showing its final report.
 *
 * <p><b>Runs after runs.</b> A blueprint can be started any number of times, and a scheduled job
 * typically binds each run to the same registry. Binding a run replaces the meters of the earlier
 * run of the same pipeline name in that registry (its {@code sluice.stage.*} meters tagged with
 * that {@code pipeline}), so the meters always show the run bound last; their counters start again
 * from that run's counts, which monitoring systems read as a counter reset. {@link #unbindFrom}
 * removes a run's meters once they are no longer wanted.
 */
public final class SluiceMetrics implements MeterBinder {
  /** How long one snapshot serves the meters of a scrape. */
  public static final long SNAPSHOT_MILLIS = 100;

  /** One value of the {@code outcome} tag of {@code sluice.stage.records}. */
  private record Outcome(String tag, String description, ToLongFunction<StageReport> count) {}

  private static final List<Outcome> OUTCOMES = List.of(
      new Outcome("received", "records received by the stage", StageReport::received),
      new Outcome("emitted", "records emitted by the stage", StageReport::emitted),
      new Outcome("passed_on", "records processed that led to output", StageReport::passedOn),
      new Outcome("filtered", "records processed that led to no output", StageReport::filtered),
      new Outcome("skipped", "records skipped by the error policy", StageReport::skipped),
      new Outcome("dead_lettered", "records sent to the dead-letter sink",
          StageReport::deadLettered),
      new Outcome("failed", "records of the call the run failed on", StageReport::failed),
      new Outcome("stranded", "records abandoned by a cancel", StageReport::stranded));

  private final RunningPipeline<?> run;
  /** What this binder registered, per registry, so that it can remove exactly that. */
  private final Map<MeterRegistry, List<Meter>> registered = new IdentityHashMap<>();
  private PipelineReport snapshot;
  private long snapshotNanos;

  private SluiceMetrics(RunningPipeline<?> run) {
    this.run = run;
  }

  /**
   * Creates a binder for a run; call {@link #bindTo(MeterRegistry)} to register its meters.
   *
   * @param run the running pipeline
   * @return the binder
   * @throws NullPointerException if {@code run} is {@code null}
   */
  public static SluiceMetrics of(RunningPipeline<?> run) {
    return new SluiceMetrics(Objects.requireNonNull(run, "run"));
  }

  /**
   * Registers the meters of every stage of the run, replacing those an earlier run of a pipeline
   * of the same name registered in {@code registry}.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is {@code null}
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    // Micrometer hands back an existing meter of the same name and tags, which would keep reading
    // the earlier run: take the pipeline's meters out first, so these runs' meters are registered
    for (Meter meter : List.copyOf(registry.getMeters())) {
      Meter.Id id = meter.getId();
      if (id.getName().startsWith("sluice.stage.") && run.name().equals(id.getTag("pipeline"))) {
        registry.remove(meter);
      }
    }
    registered.put(registry, new ArrayList<>());
    for (StageReport stage : current().stages()) {
      String name = stage.name();
      Tags tags = Tags.of(Tag.of("pipeline", run.name()), Tag.of("stage", name));
      counts(registry, "sluice.stage", tags, self -> self.stage(name), "the stage");
      gauge(registry, "sluice.stage.backlog", tags, "records waiting in the stage's input ring",
          "records", name, StageReport::backlog);
      gauge(registry, "sluice.stage.utilisation", tags,
          "busy share of the stage thread's time", null, name, StageReport::utilisation);
      gauge(registry, "sluice.stage.blocked", tags,
          "share of the stage thread's time blocked on a full downstream ring", null, name,
          StageReport::blockedShare);
      statistics(registry, name, tags);
      for (int i = 0; i < stage.workers().size(); i++) {
        int index = i;
        bindWorker(registry, tags.and("worker", Integer.toString(i)),
            self -> self.worker(name, index));
      }
    }
  }

  /**
   * Removes from {@code registry} the meters this binder registered there, unless a later run's
   * binding replaced them (those stay). Does nothing if this binder was not bound to it.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is {@code null}
   */
  public synchronized void unbindFrom(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    List<Meter> mine = registered.remove(registry);
    if (mine == null) {
      return;
    }
    for (Meter meter : mine) {
      Meter.Id id = meter.getId();
      Meter current = registry.find(id.getName()).tags(id.getTagsAsIterable()).meters().stream()
          .filter(m -> m.getId().equals(id)).findFirst().orElse(null);
      if (current == meter) {
        registry.remove(meter);
      }
    }
  }

  /** Registers the meters of one worker of a parallel stage. */
  private void bindWorker(MeterRegistry registry, Tags tags,
      Function<SluiceMetrics, StageReport> worker) {
    counts(registry, "sluice.stage.worker", tags, worker, "this worker");
    gauge(registry, "sluice.stage.worker.utilisation", tags,
        "busy share of this worker thread's time", null, worker, StageReport::utilisation);
  }

  /** Registers {@code <prefix>.records}, {@code .retries} and {@code .batches} of one row. */
  private void counts(MeterRegistry registry, String prefix, Tags tags,
      Function<SluiceMetrics, StageReport> row, String who) {
    for (Outcome outcome : OUTCOMES) {
      counter(registry, prefix + ".records", tags.and("outcome", outcome.tag()),
          outcome.description().replace("the stage", who), row, outcome.count());
    }
    counter(registry, prefix + ".retries", tags,
        "retries made by the error policy", row, StageReport::retried);
    for (FlushReason reason : FlushReason.values()) {
      counter(registry, prefix + ".batches",
          tags.and("reason", reason.name().toLowerCase(Locale.ROOT)),
          "batches delivered to " + who + ", by flush reason", row, s -> s.batches(reason));
    }
  }

  private void statistics(MeterRegistry registry, String name, Tags tags) {
    String[] statistics = {"mean", "p50", "p99", "max"};
    for (String statistic : statistics) {
      ToDoubleFunction<Distribution> value = valueOf(statistic);
      gauge(registry, "sluice.stage.batch.size", tags.and("statistic", statistic),
          "records per batch", "records", name, s -> value.applyAsDouble(s.batchSizes()));
      keep(registry, TimeGauge.builder("sluice.stage.processing.time", this,
              TimeUnit.NANOSECONDS, self -> value.applyAsDouble(self.stage(name).processingNanos()))
          .tags(tags.and("statistic", statistic))
          .description("time in the stage's code per batch, or per record when per-record")
          .strongReference(true).register(registry));
    }
  }

  private static ToDoubleFunction<Distribution> valueOf(String statistic) {
    return switch (statistic) {
      case "mean" -> Distribution::mean;
      case "p50" -> Distribution::p50;
      case "p99" -> Distribution::p99;
      default -> Distribution::max;
    };
  }

  private void counter(MeterRegistry registry, String meter, Tags tags, String description,
      Function<SluiceMetrics, StageReport> row, ToLongFunction<StageReport> count) {
    keep(registry, FunctionCounter.builder(meter, this, self -> count.applyAsLong(row.apply(self)))
        .tags(tags).description(description).register(registry));
  }

  private void gauge(MeterRegistry registry, String meter, Tags tags, String description,
      String unit, String stage, ToDoubleFunction<StageReport> value) {
    gauge(registry, meter, tags, description, unit, self -> self.stage(stage), value);
  }

  private void gauge(MeterRegistry registry, String meter, Tags tags, String description,
      String unit, Function<SluiceMetrics, StageReport> row, ToDoubleFunction<StageReport> value) {
    // held strongly: the registry then keeps these metrics alive, and with them the function
    // counters' target, which Micrometer holds only weakly (a caller that drops the object
    // returned by bindTo would otherwise see its counters fall to 0 after a garbage collection)
    keep(registry, Gauge.builder(meter, this, self -> value.applyAsDouble(row.apply(self)))
        .tags(tags).description(description).baseUnit(unit).strongReference(true)
        .register(registry));
  }

  private void keep(MeterRegistry registry, Meter meter) {
    registered.get(registry).add(meter);
  }

  private StageReport stage(String name) {
    return current().stage(name);
  }

  /**
   * A worker's row; an empty one if the report has no such worker (a report whose runner gives no
   * per-worker rows), so a meter reads 0 rather than failing the scrape.
   */
  private StageReport worker(String stage, int index) {
    StageReport row = stage(stage);
    return index < row.workers().size() ? row.workers().get(index)
        : StageReport.builder(stage + "[" + index + "]", row.kind()).build();
  }

  private synchronized PipelineReport current() {
    long now = System.nanoTime();
    boolean stale = snapshot == null || snapshot.outcome() == PipelineReport.Outcome.RUNNING
        && (run.isDone() || now - snapshotNanos > TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS));
    if (stale) {
      snapshot = run.metrics();
      snapshotNanos = now;
    }
    return snapshot;
  }
}
