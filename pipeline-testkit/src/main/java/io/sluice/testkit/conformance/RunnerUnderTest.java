package io.sluice.testkit.conformance;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import io.sluice.api.spi.PipelineRunner;
import io.sluice.testkit.DeterministicRun;
import io.sluice.testkit.DeterministicRunner;
import io.sluice.testkit.VirtualClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The one thing a runner implements to be checked by {@link RunnerConformanceSuite}: start a
 * blueprint, and wait for a started run to end. The suite reads what the sinks received through a
 * {@link Recorder}, which lives in this JVM: a runner that executes stages in other processes
 * passes the suite on an embedded cluster in the test's JVM (as the Flink runner does on a
 * MiniCluster).
 *
 * <pre>{@code
 * class MyRunnerConformanceTest extends RunnerConformanceSuite {
 *   @Override
 *   protected RunnerUnderTest runner() {
 *     return RunnerUnderTest.of(new MyRunner(), EnumSet.of(RunnerCapability.CANCEL));
 *   }
 * }
 * }</pre>
 */
public interface RunnerUnderTest {

  /**
   * Returns the runner's name, shown in failures.
   *
   * @return the name
   */
  String name();

  /**
   * Returns what the runner can do beyond what every runner owes.
   *
   * @return the capabilities; the suite skips the cases needing one that is missing
   */
  Set<RunnerCapability> capabilities();

  /**
   * Starts a run of the blueprint and returns at once (a runner on the calling thread may have
   * processed everything its inputs had ready).
   *
   * @param pipeline the blueprint; its sources and stages come from shippable factories
   * @param <T> the input's record type
   * @return the running pipeline
   */
  <T> RunningPipeline<T> start(Pipeline<T> pipeline);

  /**
   * Waits for a run started by {@link #start} to end and returns its report, also when it failed
   * (the report's outcome and failure say so). The default waits with
   * {@link RunningPipeline#awaitCompletion(Duration)} and takes the report of a failed run from
   * {@link RunningPipeline#report()}.
   *
   * @param run the run
   * @param timeout how long to wait at most
   * @return the report of the ended run
   * @throws TimeoutException if the run did not end in time
   * @throws InterruptedException if interrupted while waiting
   */
  default PipelineReport finish(RunningPipeline<?> run, Duration timeout)
      throws TimeoutException, InterruptedException {
    try {
      return run.awaitCompletion(timeout);
    } catch (StageFailedException e) {
      return run.report().orElseThrow(() -> new IllegalStateException(
          "runner '" + name() + "' threw " + e + " but has no report of the ended run", e));
    }
  }

  /**
   * Adapts a runner whose runs end by themselves on other threads (the local runner, a cluster).
   *
   * @param runner the runner
   * @param capabilities what it can do beyond what every runner owes
   * @return the runner under test
   * @throws NullPointerException if an argument is {@code null}
   */
  static RunnerUnderTest of(PipelineRunner runner, Set<RunnerCapability> capabilities) {
    Objects.requireNonNull(runner, "runner");
    Set<RunnerCapability> caps = Set.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
    return new RunnerUnderTest() {
      @Override
      public String name() {
        return runner.name();
      }

      @Override
      public Set<RunnerCapability> capabilities() {
        return caps;
      }

      @Override
      public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
        return pipeline.start(runner);
      }

      @Override
      public String toString() {
        return "RunnerUnderTest[" + runner.name() + "]";
      }
    };
  }

  /**
   * The testkit's deterministic runner on a fresh {@link VirtualClock}: a run is driven on the
   * calling thread, and {@link #finish} moves the virtual clock a millisecond at a time (flushing
   * batches as they fall due, polling the sources after each step) until the run ends, so a case
   * waiting for a TIME flush passes in virtual time. It can drain, cancel and stop its inputs on a
   * failure.
   *
   * @return the runner under test
   */
  static RunnerUnderTest deterministic() {
    return new RunnerUnderTest() {
      @Override
      public String name() {
        return "deterministic";
      }

      @Override
      public Set<RunnerCapability> capabilities() {
        return EnumSet.allOf(RunnerCapability.class);
      }

      @Override
      public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
        VirtualClock clock = VirtualClock.create();
        return DeterministicRunner.on(clock).start(pipeline.withClock(clock));
      }

      @Override
      public PipelineReport finish(RunningPipeline<?> run, Duration timeout)
          throws TimeoutException, InterruptedException {
        DeterministicRun<?> driven = (DeterministicRun<?>) run;
        for (long ms = 0; !driven.isDone() && ms < timeout.toMillis(); ms++) {
          driven.advance(Duration.ofMillis(1));
        }
        return RunnerUnderTest.super.finish(run, Duration.ZERO);
      }

      @Override
      public String toString() {
        return "RunnerUnderTest[deterministic]";
      }
    };
  }
}
