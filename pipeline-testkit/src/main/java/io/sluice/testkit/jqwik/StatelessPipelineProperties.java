package io.sluice.testkit.jqwik;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageReport;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.DispatchInvariance;
import io.sluice.testkit.FaultPlan;
import io.sluice.testkit.InjectedFault;
import io.sluice.testkit.PipelineTester;
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
 *       the input under any error policy, deterministically or on the real runtime, the run fails
 *       exactly when the plan and the policy say, with the injected fault, and its report adds up
 *       (see {@link Accounting}), failed runs included ({@link RunningPipeline#report()}); when it
 *       does not fail, exactly the poison records were skipped or dead-lettered and everything
 *       else went through the stages.
 *   <li>{@link #poisonRecordsAreSkippedAndEverythingElseArrives}: the same with poison records
 *       only and {@link ErrorPolicy#skip()}, in either mode: the run completes and the sink gets
 *       what the stages give for the input without the poison records.
 * </ul>
 *
 * <p>Runs with the {@link SluiceProperties} leak check. The stages must be stateless, or made
 * afresh per run (pass a {@code Supplier}), since every try runs them several times; and their
 * output must not depend on their batches (the first property), since the other two compare a run
 * under random dispatches with a run per record.
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
   * The run fails exactly when the fault plan and the error policy say, and its report adds up,
   * in either mode, failed runs included. When the run does not fail, exactly the poison records
   * took the policy's action (counted as skipped or dead-lettered, the dead letters naming the
   * faulty stage, in input order) and the stages gave what they give for the input without them.
   *
   * @param input the records
   * @param dispatches dispatches for the stages after the input, cycled
   * @param faults faults injected into a pass-through stage right after the input
   * @param policy that stage's error policy
   * @param batchCalls whether that stage takes whole batches (so a failed batch is split to find
   *     its poison records) or is called per record
   * @param mode where the pipeline runs
   * @param tester the try's tester
   * @throws InterruptedException if interrupted while waiting for a runtime run
   */
  @Property(tries = 60)
  public void accountingAddsUp(@ForAll("sluiceRecordLists") List<I> input,
      @ForAll("sluiceDispatches") List<Dispatch> dispatches,
      @ForAll("sluiceFaultPlans") FaultPlan faults,
      @ForAll("sluiceErrorPolicies") ErrorPolicy policy, @ForAll boolean batchCalls,
      @ForAll PipelineTester.Mode mode, PipelineTester tester) throws InterruptedException {
    FaultyRun<I, O> run = FaultyRun.run(this::stages, input, dispatches, faults, policy,
        batchCalls, mode, tester);
    boolean shouldFail = faults.failsOver(input, policy);
    if (shouldFail != (run.failure != null)) {
      throw new AssertionError("fault plan " + faults + " with policy " + policy + " over "
          + input.size() + " records should " + (shouldFail ? "" : "not ") + "have failed the "
          + "run, but it ended " + run.report.outcome() + "\n" + run.report, run.failure);
    }
    if (run.failure != null && !(run.failure.getCause() instanceof InjectedFault)) {
      throw new AssertionError("the run failed for a reason other than the plan", run.failure);
    }
    Statistics.label("mode, outcome").collect(mode, run.report.outcome());
    Statistics.label("policy").collect(policy.action(), policy.maxAttempts() > 1 ? "retrying"
        : "not retrying");
    Accounting.assertAddsUp(run.pipeline, run.report);
    if (run.failure == null) {
      assertPoisonTookThePolicy(run, input, faults, policy);
    }
  }

  /**
   * Under {@link ErrorPolicy#skip()} the poison records are skipped and everything else arrives,
   * in either mode: the run completes, the faulty stage counts the poison records as skipped, the
   * sink gets what the stages give for the input without them, and the report adds up.
   *
   * @param input the records
   * @param dispatches dispatches for the stages after the input, cycled
   * @param poison poison records injected into a pass-through stage right after the input
   * @param batchCalls whether that stage takes whole batches or is called per record
   * @param mode where the pipeline runs
   * @param tester the try's tester
   * @throws InterruptedException if interrupted while waiting for a runtime run
   */
  @Property(tries = 40)
  public void poisonRecordsAreSkippedAndEverythingElseArrives(
      @ForAll("sluiceRecordLists") List<I> input,
      @ForAll("sluiceDispatches") List<Dispatch> dispatches,
      @ForAll("sluicePoisonPlans") FaultPlan poison, @ForAll boolean batchCalls,
      @ForAll PipelineTester.Mode mode, PipelineTester tester) throws InterruptedException {
    FaultyRun<I, O> run = FaultyRun.run(this::stages, input, dispatches, poison,
        ErrorPolicy.skip(), batchCalls, mode, tester);
    if (run.failure != null) {
      throw new AssertionError("skipping poison records must not fail the run\n" + run.report,
          run.failure);
    }
    Statistics.label("records skipped").collect(poison.poisonCount(input) > 0);
    Accounting.assertAddsUp(run.pipeline, run.report);
    assertPoisonTookThePolicy(run, input, poison, ErrorPolicy.skip());
  }

  private void assertPoisonTookThePolicy(FaultyRun<I, O> run, List<I> input, FaultPlan faults,
      ErrorPolicy policy) {
    StageReport counts = run.report.stage(FaultyRun.FAULTS);
    long poisoned = faults.poisonCount(input);
    long skipped = policy.action() == ErrorPolicy.Action.SKIP ? poisoned : 0;
    long parked = policy.action() == ErrorPolicy.Action.DEAD_LETTER ? poisoned : 0;
    if (counts.skipped() != skipped || counts.deadLettered() != parked) {
      throw new AssertionError("with policy " + policy + " and " + poisoned + " poison records, '"
          + FaultyRun.FAULTS + "' should have skipped " + skipped + " and dead-lettered " + parked
          + ": " + counts);
    }
    if (policy.action() == ErrorPolicy.Action.DEAD_LETTER) {
      List<I> expected = input.stream().filter(faults.poisonRecords(input)::contains).toList();
      List<Object> letters = run.deadLetters.stream().map(DeadLetter::record).toList();
      if (!letters.equals(expected) || !run.deadLetters.stream().allMatch(letter ->
          letter.stageName().equals(FaultyRun.FAULTS) && letter.exception() instanceof InjectedFault
              && letter.attempts() >= policy.maxAttempts())) {
        throw new AssertionError("the dead letters should be the poison records " + expected
            + " failed by '" + FaultyRun.FAULTS + "' after at least " + policy.maxAttempts()
            + " attempts, but were " + run.deadLetters);
      }
    }
    List<O> expected = FaultyRun.expectedOutput(this::stages, input, faults);
    if (!run.output.equals(expected)) {
      throw new AssertionError("with the poison records of " + faults + " taken out by policy "
          + policy + ", the sink should have received " + expected + " but got " + run.output);
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

  /**
   * Poison-only fault plans over the first 10 records, so that most inputs hold poison.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<FaultPlan> sluicePoisonPlans() {
    return SluiceArbitraries.poisonPlans(10);
  }

  /**
   * Error policies that run in both modes (see {@link SluiceArbitraries#errorPolicies()}).
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<ErrorPolicy> sluiceErrorPolicies() {
    return SluiceArbitraries.errorPolicies();
  }
}
