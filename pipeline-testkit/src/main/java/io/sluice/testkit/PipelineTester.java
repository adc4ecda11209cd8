package io.sluice.testkit;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs pipelines for a test, deterministically on the calling thread or on the real runtime, both
 * under one {@link VirtualClock}, and remembers every run it started so a leak check can name the
 * ones left running.
 *
 * <pre>{@code
 * PipelineTester tester = PipelineTester.create();
 * TestSource<Integer> source = TestSource.create();
 * TestSink<Integer> sink = TestSink.create();
 * DeterministicRun<Integer> run = tester.runDeterministic(
 *     Pipeline.from("in", source).to("out", sink, Dispatch.batched(10, Duration.ofSeconds(1))));
 * source.push(1, 2);
 * tester.clock().advance(Duration.ofSeconds(1));   // flushes [1, 2] with reason TIME
 * source.complete();
 * run.awaitCompletion();
 * }</pre>
 *
 * <p>The JUnit extension ({@link io.sluice.testkit.junit.SluiceTest}) and the jqwik hook
 * ({@link io.sluice.testkit.jqwik.SluiceProperties}) inject a fresh tester into each test or try
 * and check for leaks after it. Thread-safe.
 */
public final class PipelineTester implements AutoCloseable {

  /** Where a pipeline runs. */
  public enum Mode {
    /** On the calling thread, deterministically: see {@link DeterministicRun}. */
    DETERMINISTIC,
    /**
     * On the real runtime (the default runner, normally the local Disruptor runner), with stage
     * threads. Time flushes happen when the test advances the tester's clock, once the stage
     * threads see it: wait for their effect (e.g. {@link TestSink#awaitCount}).
     */
    RUNTIME
  }

  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(10);

  private final VirtualClock clock;
  private final DeterministicRunner runner;
  private final List<RunningPipeline<?>> runs = new CopyOnWriteArrayList<>();

  private PipelineTester(VirtualClock clock) {
    this.clock = clock;
    this.runner = new DeterministicRunner(clock, runs::add);
  }

  /**
   * Creates a tester with a new clock at time zero.
   *
   * @return the tester
   */
  public static PipelineTester create() {
    return new PipelineTester(VirtualClock.create());
  }

  /**
   * Creates a tester whose runs use the given clock.
   *
   * @param clock the clock
   * @return the tester
   * @throws NullPointerException if {@code clock} is {@code null}
   */
  public static PipelineTester on(VirtualClock clock) {
    return new PipelineTester(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Returns the clock every run of this tester uses.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * Returns a runner for {@link Pipeline#start(io.sluice.api.spi.PipelineRunner)} that runs
   * deterministically on this tester's clock and tracks its runs.
   *
   * @return the runner
   */
  public DeterministicRunner deterministicRunner() {
    return runner;
  }

  /**
   * Starts a pipeline on the calling thread under this tester's clock.
   *
   * @param pipeline the blueprint; a linear chain
   * @param <T> the input record type
   * @return the run
   * @throws NullPointerException if {@code pipeline} is {@code null}
   * @throws IllegalArgumentException if the pipeline is not a linear chain, or a stage's error
   *     policy retries after a positive backoff (nothing could move the clock while it waits)
   */
  public <T> DeterministicRun<T> runDeterministic(Pipeline<T> pipeline) {
    return runner.start(pipeline);
  }

  /**
   * Starts a pipeline on the real runtime under this tester's clock.
   *
   * @param pipeline the blueprint
   * @param <T> the input record type
   * @return the running pipeline
   * @throws NullPointerException if {@code pipeline} is {@code null}
   * @throws IllegalStateException if no runner is on the module or class path
   */
  public <T> RunningPipeline<T> runOnRuntime(Pipeline<T> pipeline) {
    return track(Objects.requireNonNull(pipeline, "pipeline").withClock(clock).start());
  }

  /**
   * Starts a pipeline in the given mode, so one test body can run in both.
   *
   * @param mode where to run it
   * @param pipeline the blueprint
   * @param <T> the input record type
   * @return the running pipeline
   * @throws NullPointerException if an argument is {@code null}
   */
  public <T> RunningPipeline<T> start(Mode mode, Pipeline<T> pipeline) {
    return switch (Objects.requireNonNull(mode, "mode")) {
      case DETERMINISTIC -> runDeterministic(pipeline);
      case RUNTIME -> runOnRuntime(pipeline);
    };
  }

  /**
   * Runs a pipeline with a finite source to its end in the given mode and returns the report.
   *
   * @param mode where to run it
   * @param pipeline the blueprint
   * @param <T> the input record type
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws IllegalStateException if a deterministic run did not end (its source is open-ended);
   *     the run is then cancelled
   * @throws InterruptedException if interrupted while waiting; the run is then cancelled
   */
  public <T> PipelineReport run(Mode mode, Pipeline<T> pipeline) throws InterruptedException {
    RunningPipeline<T> running = start(mode, pipeline);
    try {
      return running.awaitCompletion();
    } catch (InterruptedException | IllegalStateException e) {
      running.cancel();
      throw e;
    }
  }

  /**
   * Tracks a run started some other way (say on the system clock), so the leak check covers it.
   *
   * @param run the run
   * @param <R> the run's type
   * @return {@code run}
   * @throws NullPointerException if {@code run} is {@code null}
   */
  public <R extends RunningPipeline<?>> R track(R run) {
    runs.add(Objects.requireNonNull(run, "run"));
    return run;
  }

  /**
   * Returns every run this tester started or tracks, in start order.
   *
   * @return an immutable copy
   */
  public List<RunningPipeline<?>> runs() {
    return List.copyOf(runs);
  }

  /**
   * Returns the runs that have not ended.
   *
   * @return an immutable list
   */
  public List<RunningPipeline<?>> unfinishedRuns() {
    return runs.stream().filter(run -> !run.isDone()).toList();
  }

  /**
   * Cancels every run that has not ended and waits (up to 10 s each) for their threads to end.
   * Failures of those runs are not rethrown.
   */
  @Override
  public void close() {
    for (RunningPipeline<?> run : unfinishedRuns()) {
      LeakCheck.end(run, CLOSE_PATIENCE);
    }
  }

  @Override
  public String toString() {
    return "PipelineTester on " + clock + ", " + runs.size() + " run(s)";
  }
}
