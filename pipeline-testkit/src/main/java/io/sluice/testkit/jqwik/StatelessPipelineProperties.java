package io.sluice.testkit.jqwik;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.Blueprints;
import io.sluice.testkit.DeterministicRun;
import io.sluice.testkit.DispatchInvariance;
import io.sluice.testkit.FaultPlan;
import io.sluice.testkit.InjectedFault;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.TestSource;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Ready-made jqwik properties for a stateless pipeline. Extend it, say which stages to test and
 * what records look like, and jqwik runs the properties for you:
 *
 * <pre>{@code
 * class CleaningProperties extends StatelessPipelineProperties<String, String> {
 *   protected PipelineBuilder<String, String> stages(PipelineBuilder<String, String> input) {
 *     return input.map("trim", String::trim).filter("nonEmpty", s -> !s.isEmpty());
 *   }
 *   protected Arbitrary<String> records() {
 *     return Arbitraries.strings().ofMaxLength(5);
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #sameOutputUnderPerRecordAndAnyBatchedSetting}: with any timed input, the sink
 *       sees the same records in the same order whether every stage runs {@code perRecord()} or
 *       each has any batched setting (see {@link DispatchInvariance}).
 *   <li>{@link #accountingAddsUp}: with any input, any dispatches, a fault plan injected just after
 *       the input, deterministically or on the real runtime, the run fails exactly when the plan
 *       says, with the injected fault, and its report adds up (see {@link Accounting}). The report
 *       of a failed run is checked in deterministic mode only: the runtime's
 *       {@code awaitCompletion()} throws the failure instead of returning the report.
 * </ul>
 *
 * <p>Runs with the {@link SluiceProperties} leak check. The stages must be stateless, or made
 * afresh per run (pass a {@code Supplier}), since every try runs them several times.
 *
 * @param <I> the type of the records entering the stages
 * @param <O> the type of the records leaving them
 */
@SluiceProperties
public abstract class StatelessPipelineProperties<I, O> {

  /** For subclasses. */
  protected StatelessPipelineProperties() {}

  /**
   * Adds the stages under test to the input the properties provide.
   *
   * @param input the pipeline so far: just its input
   * @return the pipeline with the stages under test; the properties add the sink
   */
  protected abstract PipelineBuilder<I, O> stages(PipelineBuilder<I, I> input);

  /**
   * Returns what a single input record looks like.
   *
   * @return the records' arbitrary
   */
  protected abstract Arbitrary<I> records();

  /**
   * The output does not depend on the dispatch of any stage.
   *
   * @param arrivals a timed input
   * @param dispatches batched dispatches for the stages after the input, cycled
   */
  @Property(tries = 100)
  public void sameOutputUnderPerRecordAndAnyBatchedSetting(
      @ForAll("sluiceArrivals") List<Arrival<I>> arrivals,
      @ForAll("sluiceBatchedDispatches") List<Dispatch> dispatches) {
    DispatchInvariance.assertSameOutput(this::stages, arrivals, dispatches);
  }

  /**
   * The run fails exactly when the fault plan says, and its report adds up, in either mode.
   *
   * @param input the records
   * @param dispatches dispatches for the stages after the input, cycled
   * @param faults faults injected into a pass-through stage right after the input
   * @param mode where the pipeline runs
   * @param tester the try's tester
   * @throws InterruptedException if interrupted while waiting for a runtime run
   */
  @Property(tries = 50)
  public void accountingAddsUp(@ForAll("sluiceRecordLists") List<I> input,
      @ForAll("sluiceDispatches") List<Dispatch> dispatches,
      @ForAll("sluiceFaultPlans") FaultPlan faults, @ForAll PipelineTester.Mode mode,
      PipelineTester tester) throws InterruptedException {
    TestSink<O> sink = TestSink.create();
    Stage<I, I> passThrough = (record, out) -> out.emit(record);
    Pipeline<I> pipeline = Blueprints.withDispatches(stages(Pipeline.named("accounting")
        .from("input", Source.fromIterable(input))
        .stage("faults", faults.inject(passThrough, input)))
        .to("output", sink), dispatches);
    RunningPipeline<I> run = tester.start(mode, pipeline);
    PipelineReport report;
    StageFailedException failure = null;
    try {
      report = run.awaitCompletion();
    } catch (StageFailedException e) {
      failure = e;
      // only a deterministic run hands out the report of a failed run
      report = run instanceof DeterministicRun<I> d ? d.report().orElseThrow() : null;
    }
    boolean shouldFail = faults.failsOver(input);
    if (shouldFail != (failure != null)) {
      throw new AssertionError("fault plan " + faults + " over " + input.size() + " records "
          + (shouldFail ? "should have failed the run, but it ended " + report.outcome()
              : "should not have failed the run"), failure);
    }
    if (failure != null && !(failure.getCause() instanceof InjectedFault)) {
      throw new AssertionError("the run failed for a reason other than the plan", failure);
    }
    Statistics.label("mode, outcome").collect(mode, failure == null ? "ended" : "failed");
    if (report != null) {
      Accounting.assertAddsUp(pipeline, report);
    }
  }

  /**
   * Timed inputs of {@link #records()}.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<List<Arrival<I>>> sluiceArrivals() {
    return SluiceArbitraries.arrivals(records());
  }

  /**
   * Lists of {@link #records()}.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<List<I>> sluiceRecordLists() {
    return SluiceArbitraries.recordLists(records());
  }

  /**
   * One to four batched dispatches.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<List<Dispatch>> sluiceBatchedDispatches() {
    return SluiceArbitraries.batchedDispatches().list().ofMinSize(1).ofMaxSize(4);
  }

  /**
   * One to four dispatches of any kind.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<List<Dispatch>> sluiceDispatches() {
    return SluiceArbitraries.dispatches().list().ofMinSize(1).ofMaxSize(4);
  }

  /**
   * Fault plans over the first 50 records.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<FaultPlan> sluiceFaultPlans() {
    return SluiceArbitraries.faultPlans(50);
  }
}
