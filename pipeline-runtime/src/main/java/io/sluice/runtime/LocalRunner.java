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

  /** Creates the runner; the service loader calls this. */
  public LocalRunner() {}

  /**
   * Returns a new local runner.
   *
   * @return the runner
   */
  public static LocalRunner create() {
    return new LocalRunner();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
    LocalRun<T> run = new LocalRun<>(pipeline);
    run.start();
    return run;
  }
}
