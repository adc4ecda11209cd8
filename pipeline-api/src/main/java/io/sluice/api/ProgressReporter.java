package io.sluice.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands a {@link Progress} reading of a running pipeline to a listener at a fixed period, on one
 * daemon thread named {@code sluice-progress-<pipeline>}, and a last reading when the run ends (then
 * the thread stops by itself). Works with any runner: it only reads {@link RunningPipeline#metrics()}.
 *
 * <pre>{@code
 * try (RunningPipeline<Order> run = job.start();
 *      ProgressReporter progress = ProgressReporter.every(Duration.ofSeconds(1), run,
 *          p -> log.info(p.line()))) {
 *   run.awaitCompletion();
 * }
 * }</pre>
 */
public final class ProgressReporter implements AutoCloseable {
  private final RunningPipeline<?> run;
  private final Consumer<? super Progress> listener;
  private final ScheduledExecutorService timer;
  private final long startNanos = System.nanoTime();
  private long lastOut;
  private long lastNanos = startNanos;
  private boolean finished;

  private ProgressReporter(RunningPipeline<?> run, Consumer<? super Progress> listener) {
    this.run = run;
    this.listener = listener;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "sluice-progress-" + run.name());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts reporting on a run.
   *
   * @param period time between readings; at least 1 ms
   * @param run the running pipeline
   * @param listener receives each reading, on the reporter's thread; its exceptions are ignored
   *     so that a faulty listener cannot stop the reporting
   * @return the reporter; close it to stop early
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code period} is shorter than 1 ms
   */
  public static ProgressReporter every(Duration period, RunningPipeline<?> run,
      Consumer<? super Progress> listener) {
    Checks.notNull(period, "period");
    Checks.check(period.compareTo(Duration.ofMillis(1)) >= 0,
        "progress period must be at least 1ms but was %s", period);
    ProgressReporter reporter = new ProgressReporter(Checks.notNull(run, "run"),
        Checks.notNull(listener, "listener"));
    long nanos = period.toNanos();
    reporter.timer.scheduleAtFixedRate(reporter::report, nanos, nanos, TimeUnit.NANOSECONDS);
    return reporter;
  }

  private synchronized void report() {
    if (finished) {
      return;
    }
    boolean done = run.isDone();
    Progress reading = read();
    try {
      listener.accept(reading);
    } catch (RuntimeException ignored) {
      // a listener's bug must not end the reporting of a production run
    }
    if (done) {
      finished = true;
      timer.shutdown();
    }
  }

  /**
   * Takes a reading now, on the calling thread, without handing it to the listener.
   *
   * @return the current progress
   */
  public synchronized Progress read() {
    PipelineReport snapshot = run.metrics();
    List<StageReport> stages = snapshot.stages();
    long now = System.nanoTime();
    long out = stages.get(stages.size() - 1).received();
    double rate = now == lastNanos ? 0 : (out - lastOut) * 1e9 / (now - lastNanos);
    lastOut = out;
    lastNanos = now;
    Map<String, Long> backlog = new LinkedHashMap<>();
    for (StageReport stage : stages.subList(1, stages.size())) {
      backlog.put(stage.name(), stage.backlog());
    }
    return new Progress(run.name(), Duration.ofNanos(now - startNanos), stages.get(0).emitted(),
        out, rate, backlog, snapshot);
  }

  /**
   * Stops reporting and waits for the reporter's thread to end. The listener gets no further
   * reading.
   */
  @Override
  public void close() {
    synchronized (this) {
      finished = true;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
