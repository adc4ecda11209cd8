package io.sluice.api.spi;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;

/**
 * Executes pipeline blueprints: the service a runner module provides (the local Disruptor runner in
 * {@code pipeline-runtime}, a deterministic one in the testkit, later others). Runners read the
 * blueprint only through its public view ({@link Pipeline#stages()} and its
 * {@link io.sluice.api.StageDefinition}s).
 *
 * <p>{@link Pipeline#start()} uses the runner found through {@link java.util.ServiceLoader} with the
 * highest {@link #priority()}, or the one named by the system property {@value #RUNNER_PROPERTY}.
 */
public interface PipelineRunner {

  /** The system property that picks a runner by {@link #name()}. */
  String RUNNER_PROPERTY = "sluice.runner";

  /**
   * Returns a short name for the runner, e.g. {@code local}.
   *
   * @return the runner name
   */
  String name();

  /**
   * Returns the rank of this runner when several are found; the highest wins. Default 0.
   *
   * @return the priority
   */
  default int priority() {
    return 0;
  }

  /**
   * Starts a run of the blueprint and returns at once.
   *
   * @param pipeline the blueprint
   * @param <T> the record type of the pipeline's input
   * @return the running pipeline
   * @throws IllegalArgumentException if this runner cannot execute the blueprint's shape
   */
  <T> RunningPipeline<T> start(Pipeline<T> pipeline);
}
