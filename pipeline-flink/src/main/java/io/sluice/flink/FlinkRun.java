package io.sluice.flink;

import io.sluice.api.LiveInput;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.ExceptionUtils;

/**
 * A blueprint running as a Flink job. The report is built once the job ends, from its
 * accumulators. {@link #cancel()} cancels the job; a cancelled job leaves no accumulators, so its
 * report has the rows with the counts unknown (zero) and no accounting check. {@link #close()} of
 * a running job cancels it too: a Flink job is drained with stop-with-savepoint, which needs a
 * savepoint directory this runner does not assume.
 */
final class FlinkRun<T> implements RunningPipeline<T> {
  private final Pipeline<T> pipeline;
  private final JobClient job;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<PipelineReport> report;
  private volatile boolean cancelled;

  FlinkRun(Pipeline<T> pipeline, JobClient job, InJvmReferences references) {
    this.pipeline = pipeline;
    this.job = job;
    this.report = job.getJobExecutionResult().handle(this::toReport)
        .whenComplete((done, error) -> {
          if (references != null) {
            references.close();
          }
        });
  }

  private PipelineReport toReport(JobExecutionResult result, Throwable error) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    if (error == null) {
      return FlinkReports.report(pipeline, result.getAllAccumulatorResults(), Outcome.COMPLETED,
          null, elapsed);
    }
    Optional<StageFailedException> stage = ExceptionUtils.findThrowable(error,
        StageFailedException.class);
    if (cancelled && stage.isEmpty()) {
      return FlinkReports.report(pipeline, Map.of(), Outcome.CANCELLED, null, elapsed);
    }
    StageFailedException failure = stage.orElseGet(() -> new StageFailedException(
        pipeline.name(), pipeline.name(), null, null, error, "the Flink job failed"));
    return FlinkReports.report(pipeline, Map.of(), Outcome.FAILED, failure, elapsed);
  }

  @Override
  public String name() {
    return pipeline.name();
  }

  @Override
  public Pipeline<T> pipeline() {
    return pipeline;
  }

  /**
   * The final report once the job ended; while it runs, the counts of the subtasks that have
   * ended (a subtask leaves its counts when it finishes), without an accounting check.
   */
  @Override
  public PipelineReport metrics() {
    if (report.isDone()) {
      return report.join();
    }
    Map<String, Object> now = job.getAccumulators().join();
    return FlinkReports.report(pipeline, now, Outcome.RUNNING, null,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  @Override
  public LiveInput<T> input() {
    throw new IllegalStateException("pipeline '" + pipeline.name() + "' runs on Flink from its "
        + "sources; the Flink runner has no live input");
  }

  @Override
  public PipelineReport awaitCompletion() throws InterruptedException {
    try {
      return orThrow(report.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not build the report of pipeline '"
          + pipeline.name() + "'", e.getCause());
    }
  }

  @Override
  public PipelineReport awaitCompletion(Duration timeout)
      throws InterruptedException, TimeoutException {
    try {
      return orThrow(report.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not build the report of pipeline '"
          + pipeline.name() + "'", e.getCause());
    }
  }

  private static PipelineReport orThrow(PipelineReport done) {
    if (done.outcome() == Outcome.FAILED) {
      throw done.failure().orElseThrow();
    }
    return done;
  }

  @Override
  public Optional<PipelineReport> report() {
    return report.isDone() ? Optional.of(report.join()) : Optional.empty();
  }

  @Override
  public boolean isDone() {
    return report.isDone();
  }

  @Override
  public void cancel() {
    if (!report.isDone()) {
      cancelled = true;
      job.cancel();
    }
  }

  @Override
  public void close() {
    cancel();
    report.join();
  }

  @Override
  public String toString() {
    return "FlinkRun[" + pipeline.name() + ", job " + job.getJobID() + "]";
  }
}
