package io.sluice.testkit.conformance;

import static io.sluice.testkit.conformance.ConformanceStages.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.testkit.Batch;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every Sluice runner owes, as JUnit 5 cases any runner can run: dispatch and flush
 * reasons, order, accounting ({@link DispatchConformance}), error policies
 * ({@link PolicyConformance}), branches and merges ({@link GraphConformance}), parallel stages
 * ({@link ParallelConformance}), and here drain and cancel. Every case checks the run's outcome and that its accounting adds up.
 *
 * <pre>{@code
 * class LocalRunnerConformanceTest extends RunnerConformanceSuite {
 *   @Override
 *   protected RunnerUnderTest runner() {
 *     return RunnerUnderTest.of(new LocalRunner(), EnumSet.allOf(RunnerCapability.class));
 *   }
 * }
 * }</pre>
 *
 * <p>The cases build their blueprints from shippable factories (serializable stages, sources and
 * sinks), so a runner that ships them to tasks runs them unchanged; what the sinks receive is kept
 * by a {@link Recorder} in the test's JVM. A case needing a {@link RunnerCapability} the runner
 * does not declare is skipped, with the capability named. No case depends on timing: a case that
 * needs time to pass waits for an event (a sink's batch, a stage's count), never for a duration.
 */
public abstract class RunnerConformanceSuite extends ParallelConformance {

  /** Creates the suite; the subclass names the runner in {@link #runner()}. */
  protected RunnerConformanceSuite() {}

  /**
   * {@code close()} while running drains: the inputs stop, the records already accepted reach the
   * sink, and its partial batch is flushed with reason DRAIN.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void closeWhileRunningDrainsWhatWasAccepted() throws Exception {
    assumeTrue(can(RunnerCapability.DRAIN), "runner does not declare " + RunnerCapability.DRAIN);
    PipelineReport report = stopAfterFive("drain", RunningPipeline::close, Outcome.DRAINED);

    assertEquals(List.of(new Batch<Object>(FlushReason.DRAIN, List.of(1, 2, 3, 4, 5))),
        recorder.batches("out"));
  }

  /**
   * {@code cancel()} stops the run at once: the outcome is CANCELLED, nothing pending is
   * delivered, and what was left behind counts as stranded.
   *
   * @throws Exception if the run cannot be awaited
   */
  @Test
  public void cancelStopsAtOnceAndCountsWhatWasLeftBehind() throws Exception {
    assumeTrue(can(RunnerCapability.CANCEL), "runner does not declare " + RunnerCapability.CANCEL);
    PipelineReport report = stopAfterFive("cancel", RunningPipeline::cancel, Outcome.CANCELLED);

    assertEquals(List.of(), recorder.records("out"));
    assertTrue(report.stage("out").stranded() + report.stage("seen").stranded() >= 5,
        report::toString);
  }

  /**
   * Runs five records, then a source that stays open with nothing more, into a batch of 100;
   * stops the run once stage 'seen' had all five, and checks the outcome and accounting.
   */
  private PipelineReport stopAfterFive(String name, Consumer<RunningPipeline<?>> stop,
      Outcome expected) throws TimeoutException, InterruptedException {
    Recorder rec = recorder;
    Pipeline<Integer> pipeline = Pipeline.named(name)
        .from("in", () -> new ConformanceStages.GatedSource(rec, "never", 1, range(1, 5),
            List.of()))
        .stage("seen", () -> new ConformanceStages.Counted(rec, "seen"))
        .to("out", recorder.sink("out"), Dispatch.batched(100));
    RunningPipeline<Integer> run = runner().start(pipeline);
    recorder.awaitCount("seen", 5, TIMEOUT);
    stop.accept(run);
    PipelineReport report = runner().finish(run, TIMEOUT);
    checked(pipeline, report, expected);
    return report;
  }
}
