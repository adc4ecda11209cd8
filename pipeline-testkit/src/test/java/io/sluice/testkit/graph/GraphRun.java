package io.sluice.testkit.graph;

import io.sluice.api.DeadLetter;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.DeterministicRunner;
import io.sluice.testkit.LeakCheck;
import io.sluice.testkit.VirtualClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One run of a {@link GraphSpec} on one runner, to its end: the report (a failed run's too), the
 * failure if any, what each sink and each dead-letter sink got, and, for the local runner, the
 * {@code sluice-} threads of this run still alive right after it ended.
 */
record GraphRun(GraphBuild build, PipelineReport report, StageFailedException failure,
    Map<String, List<Long>> sinks, Map<String, List<DeadLetter>> deadLetters,
    List<String> threadsLeft) {

  /** Longer than any generated graph needs by far: reaching it means the run is stuck. */
  private static final Duration STUCK = Duration.ofSeconds(60);

  static GraphRun deterministic(GraphSpec spec, String pipelineName) {
    GraphBuild build = GraphBuild.of(spec, pipelineName);
    RunningPipeline<Long> run = build.pipeline.start(DeterministicRunner.on(VirtualClock.create()));
    return ended(build, run, List.of());
  }

  static GraphRun local(GraphSpec spec, String pipelineName) {
    GraphBuild build = GraphBuild.of(spec, pipelineName);
    RunningPipeline<Long> run = build.pipeline.start();
    try {
      run.awaitCompletion(STUCK);
    } catch (StageFailedException e) {
      // the report carries it
    } catch (TimeoutException e) {
      run.cancel();
      throw new AssertionError("the local run of " + spec + "\ndid not end within " + STUCK
          + " (a deadlock?); its counts: " + run.metrics(), e);
    } catch (InterruptedException e) {
      run.cancel();
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    String prefix = LeakCheck.THREAD_PREFIX + pipelineName + "-";
    List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(name -> name.startsWith(prefix)).sorted().toList();
    return ended(build, run, alive);
  }

  private static GraphRun ended(GraphBuild build, RunningPipeline<Long> run, List<String> alive) {
    PipelineReport report = run.report().orElseThrow(() -> new AssertionError(
        "run " + run + " is over but has no report"));
    Map<String, List<Long>> sinks = new LinkedHashMap<>();
    build.sinks.forEach((name, sink) -> sinks.put(name, sink.records()));
    Map<String, List<DeadLetter>> letters = new LinkedHashMap<>();
    build.deadLetters.forEach((name, sink) -> letters.put(name, sink.records()));
    return new GraphRun(build, report, report.failure().orElse(null), sinks, letters, alive);
  }
}
