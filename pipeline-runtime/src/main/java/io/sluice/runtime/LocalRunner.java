package io.sluice.runtime;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.spi.PipelineRunner;

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

  private final boolean timing;

  /** Creates the runner; the service loader calls this. Timing follows {@link #TIMING_PROPERTY}. */
  public LocalRunner() {
    this(!"false".equalsIgnoreCase(System.getProperty(TIMING_PROPERTY, "true")));
  }

  private LocalRunner(boolean timing) {
    this.timing = timing;
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
    return new LocalRunner(on);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
    LocalRun<T> run = new LocalRun<>(pipeline, timing);
    run.start();
    return run;
  }
}
