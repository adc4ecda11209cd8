package io.sluice.runtime;

import com.google.common.base.Preconditions;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.spi.PipelineRunner;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * The local runner: executes a blueprint in this JVM, one LMAX Disruptor ring and one thread per
 * stage. Found through {@link java.util.ServiceLoader}, so {@link Pipeline#start()} uses it without
 * users naming it; pass {@link #create()} to {@link Pipeline#start(PipelineRunner)} to choose it
 * explicitly.
 */
public final class LocalRunner implements PipelineRunner {

  /** The runner's name, for {@code -Dsluice.runner=local}. */
  public static final String NAME = "local";

  /**
   * The system property that turns off the timing part of the metrics (processing-time histograms,
   * busy and idle time) for runners made without {@link #withTiming(boolean)}: {@value}.
   * Counts, flush reasons and batch sizes are always kept.
   */
  public static final String TIMING_PROPERTY = "sluice.metrics.timing";

  private final RunnerSettings settings;

  /**
   * Creates the runner; the service loader calls this. Timing follows {@link #TIMING_PROPERTY};
   * threads are daemon threads; a stopped run's threads get {@code 200 ms} of grace.
   */
  public LocalRunner() {
    this(RunnerSettings.defaults(
        !"false".equalsIgnoreCase(System.getProperty(TIMING_PROPERTY, "true"))));
  }

  private LocalRunner(RunnerSettings settings) {
    this.settings = settings;
  }

  /**
   * Returns a new local runner.
   *
   * @return the runner
   */
  public static LocalRunner create() {
    return new LocalRunner();
  }

  /**
   * Returns a runner that does or does not measure time (processing-time histograms, busy and idle
   * time); counts, flush reasons and batch sizes are kept either way. Timing reads the clock once
   * per hand-off chunk or batch, never per record; turning it off is for measuring its cost.
   *
   * @param on whether to measure time
   * @return the runner
   */
  public LocalRunner withTiming(boolean on) {
    return new LocalRunner(new RunnerSettings(on, settings.threadFactory(),
        settings.stopGrace()));
  }

  /**
   * Returns a runner that makes the threads of its runs with {@code factory}, e.g. to set their
   * priority, context class loader or uncaught-exception handler. The runner names each thread
   * after the stages it runs ({@code sluice-<pipeline>-<stage>}), overriding the factory's name.
   * By default the threads are daemon threads, so that a stage stuck in a call never keeps the
   * JVM from exiting; a factory that makes non-daemon threads takes that on.
   *
   * @param factory makes one thread per call; must not return {@code null}
   * @return the runner
   * @throws NullPointerException if {@code factory} is {@code null}
   */
  public LocalRunner withThreadFactory(ThreadFactory factory) {
    Preconditions.checkNotNull(factory, "thread factory");
    return new LocalRunner(new RunnerSettings(settings.timing(), factory, settings.stopGrace()));
  }

  /**
   * Returns a runner whose stopped runs give their threads {@code grace} to end before the runner
   * gives up on them. A cancel, or a close whose deadline passed, marks the run stopped and
   * interrupts its threads; a thread still in a stage's call after the grace (one that ignores
   * interrupts) is abandoned: the report names it and its stages
   * ({@link io.sluice.api.PipelineReport#abandonedThreads()}) and counts its records as stranded,
   * and {@code close(Duration)} returns. The default is 200 ms.
   *
   * @param grace how long stopped threads get; zero or more, at most one minute
   * @return the runner
   * @throws NullPointerException if {@code grace} is {@code null}
   * @throws IllegalArgumentException if {@code grace} is negative or longer than a minute
   */
  public LocalRunner withStopGrace(Duration grace) {
    Preconditions.checkNotNull(grace, "stop grace");
    Preconditions.checkArgument(!grace.isNegative() && grace.compareTo(Duration.ofMinutes(1)) <= 0,
        "the stop grace must be between 0 and 1 minute but was %s", grace);
    return new LocalRunner(new RunnerSettings(settings.timing(), settings.threadFactory(),
        grace));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
    LocalRun<T> run = new LocalRun<>(pipeline, UnaryOperator.identity(), settings);
    run.start();
    return run;
  }
}
