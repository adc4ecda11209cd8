package io.sluice.testkit;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageDefinition;
import io.sluice.api.spi.PipelineRunner;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link PipelineRunner} that runs a pipeline on the calling thread under a
 * {@link VirtualClock}: see {@link DeterministicRun}. Pass it to
 * {@link Pipeline#start(PipelineRunner)}, or use {@link PipelineTester#runDeterministic}, which
 * also tracks the run for leak checks.
 *
 * <p>It is deliberately not registered as a service: with the testkit on the test path,
 * {@link Pipeline#start()} still finds the local runner. Its {@link #priority()} is below the local
 * runner's too, should anyone register it.
 */
public final class DeterministicRunner implements PipelineRunner {

  /** The runner's name. */
  public static final String NAME = "deterministic";

  private final VirtualClock clock;
  private final Consumer<RunningPipeline<?>> onStart;

  DeterministicRunner(VirtualClock clock, Consumer<RunningPipeline<?>> onStart) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onStart = onStart;
  }

  /**
   * Creates a runner whose runs measure time with {@code clock}, whatever clock the blueprint has.
   *
   * @param clock the virtual clock
   * @return the runner
   * @throws NullPointerException if {@code clock} is {@code null}
   */
  public static DeterministicRunner on(VirtualClock clock) {
    return new DeterministicRunner(clock, run -> { });
  }

  /**
   * Returns the clock this runner's runs use.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Returns -100: below the local runner, so it is never picked by default. */
  @Override
  public int priority() {
    return -100;
  }

  /**
   * Starts a run on the calling thread: opens the stages and pulls the source until it has nothing
   * more to give (a finite source is read to its end before this returns).
   *
   * @param pipeline the blueprint; a linear chain
   * @param <T> the record type of the pipeline's input
   * @return the run, confined to the calling thread
   * @throws NullPointerException if {@code pipeline} is {@code null}
   * @throws IllegalArgumentException if the pipeline is not a linear chain, or a stage's error
   *     policy retries after a positive backoff (nothing could move the clock while it waits)
   */
  @Override
  public <T> DeterministicRun<T> start(Pipeline<T> pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    for (StageDefinition stage : pipeline.stages()) {
      requireNoBackoff(pipeline, stage);
    }
    DeterministicRun<T> run = new DeterministicRun<>(pipeline.withClock(clock), clock);
    onStart.accept(run);
    run.start();
    return run;
  }

  private static void requireNoBackoff(Pipeline<?> pipeline, StageDefinition def) {
    ErrorPolicy policy = def.errorPolicy();
    if (policy.maxAttempts() > 1 && !policy.backoffBefore(2).isZero()) {
      throw new IllegalArgumentException("stage '" + def.name() + "' of pipeline '"
          + pipeline.name() + "' retries after a backoff (" + policy + "): a deterministic run "
          + "cannot wait it out, since nothing moves its virtual clock while a stage is being "
          + "called. Retry with Duration.ZERO backoffs in the test, or run on the runtime "
          + "(PipelineTester.Mode.RUNTIME) and advance the clock from the test");
    }
  }

  @Override
  public String toString() {
    return "DeterministicRunner on " + clock;
  }
}
