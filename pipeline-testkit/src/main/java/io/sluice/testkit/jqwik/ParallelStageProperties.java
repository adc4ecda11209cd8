package io.sluice.testkit.jqwik;

import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.DispatchInvariance;
import io.sluice.testkit.FaultPlan;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Ready-made jqwik properties for a stateless stage run {@code parallel(...)}. Extend it, say how
 * to make the stage, what records look like and what their keys are, and jqwik checks, on the
 * deterministic runner and on the runtime, with 1 to 6 workers, any dispatch and poison records
 * the stage's {@code skip()} policy takes out (each worker's instance fails on them):
 *
 * <ul>
 *   <li>{@link #orderedGivesTheSerialOutput}: {@code Parallelism.ordered(n)} gives exactly what
 *       the stage gives run serially ({@code parallel(1)}, per record) over the records that are
 *       not poison;
 *   <li>{@link #keyedKeepsTheOrderOfEachKey}: {@code Parallelism.keyed(n, key)} gives the serial
 *       output's records, and each key's outputs in the serial order;
 *   <li>{@link #unorderedKeepsTheMultiset}: {@code Parallelism.unordered(n)} gives the serial
 *       output's records in some order.
 * </ul>
 *
 * <p>Each also checks that the poison records were skipped and that the report adds up
 * ({@link Accounting}). The stage must be stateless, its output per record independent of its
 * batches; {@link #newStage()} is called once per worker.
 *
 * @param <I> the records entering the stage
 * @param <O> the records leaving it
 */
@SluiceProperties
public abstract class ParallelStageProperties<I, O> {
  private static final String STAGE = "stage";

  /** For subclasses. */
  protected ParallelStageProperties() {}

  /**
   * Makes an instance of the stage under test.
   *
   * @return a fresh instance
   */
  protected abstract Stage<I, O> newStage();

  /**
   * Returns what a single input record looks like.
   *
   * @return the records' arbitrary
   */
  protected abstract Arbitrary<I> records();

  /**
   * Returns the key of an input record, for the keyed property's routing.
   *
   * @param record an input record
   * @return its key, never {@code null}
   */
  protected abstract Object key(I record);

  /**
   * Returns the key of the input an output came from, to check the keyed property's order.
   *
   * @param output an output record
   * @return the key of the input it came from
   */
  protected abstract Object outputKey(O output);

  /**
   * Ordered workers give the serial output.
   *
   * @param input the records
   * @param workers how many workers
   * @param dispatch the stage's dispatch
   * @param poison poison records, skipped by the stage's policy
   * @param mode where the pipeline runs
   * @param tester the try's tester
   * @throws InterruptedException if interrupted while waiting for a runtime run
   */
  @Property(tries = 40)
  public void orderedGivesTheSerialOutput(@ForAll("sluiceRecordLists") List<I> input,
      @ForAll @IntRange(min = 1, max = 6) int workers, @ForAll("sluiceDispatch") Dispatch dispatch,
      @ForAll("sluicePoisonPlans") FaultPlan poison, @ForAll PipelineTester.Mode mode,
      PipelineTester tester) throws InterruptedException {
    List<O> output = run(input, Parallelism.ordered(workers), dispatch, poison, mode, tester);
    check(output.equals(serial(input, poison)), "ordered(%s) under %s should give the serial "
        + "output %s but gave %s", workers, dispatch, serial(input, poison), output);
  }

  /**
   * Keyed workers keep the serial order of each key's outputs.
   *
   * @param input the records
   * @param workers how many workers
   * @param dispatch the stage's dispatch
   * @param poison poison records, skipped by the stage's policy
   * @param mode where the pipeline runs
   * @param tester the try's tester
   * @throws InterruptedException if interrupted while waiting for a runtime run
   */
  @Property(tries = 40)
  public void keyedKeepsTheOrderOfEachKey(@ForAll("sluiceRecordLists") List<I> input,
      @ForAll @IntRange(min = 1, max = 6) int workers, @ForAll("sluiceDispatch") Dispatch dispatch,
      @ForAll("sluicePoisonPlans") FaultPlan poison, @ForAll PipelineTester.Mode mode,
      PipelineTester tester) throws InterruptedException {
    List<O> output = run(input, Parallelism.<I>keyed(workers, this::key), dispatch, poison, mode,
        tester);
    List<O> expected = serial(input, poison);
    check(byKey(output).equals(byKey(expected)), "keyed(%s) under %s should keep the serial "
        + "order of each key %s but gave %s", workers, dispatch, byKey(expected), byKey(output));
  }

  /**
   * Unordered workers give the serial output's records.
   *
   * @param input the records
   * @param workers how many workers
   * @param dispatch the stage's dispatch
   * @param poison poison records, skipped by the stage's policy
   * @param mode where the pipeline runs
   * @param tester the try's tester
   * @throws InterruptedException if interrupted while waiting for a runtime run
   */
  @Property(tries = 40)
  public void unorderedKeepsTheMultiset(@ForAll("sluiceRecordLists") List<I> input,
      @ForAll @IntRange(min = 1, max = 6) int workers, @ForAll("sluiceDispatch") Dispatch dispatch,
      @ForAll("sluicePoisonPlans") FaultPlan poison, @ForAll PipelineTester.Mode mode,
      PipelineTester tester) throws InterruptedException {
    List<O> output = run(input, Parallelism.unordered(workers), dispatch, poison, mode, tester);
    List<O> expected = serial(input, poison);
    check(counts(output).equals(counts(expected)), "unordered(%s) under %s should give the "
        + "records %s in any order but gave %s", workers, dispatch, expected, output);
  }

  private List<O> run(List<I> input, Parallelism parallelism, Dispatch dispatch, FaultPlan poison,
      PipelineTester.Mode mode, PipelineTester tester) throws InterruptedException {
    TestSink<O> sink = TestSink.create();
    Pipeline<I> pipeline = Pipeline.named("parallel").from("input", Source.fromIterable(input))
        .stage(STAGE, () -> poison.inject(newStage(), input), dispatch)
        .parallel(parallelism).withErrorPolicy(ErrorPolicy.skip())
        .to("output", sink);
    RunningPipeline<I> run = tester.start(mode, pipeline);
    PipelineReport report;
    try {
      report = run.awaitCompletion();
    } catch (StageFailedException e) {
      throw new AssertionError("skipping poison records must not fail the run", e);
    }
    Statistics.label("mode, workers").collect(mode, parallelism.workers());
    Accounting.assertAddsUp(pipeline, report);
    check(report.stage(STAGE).skipped() == poison.poisonCount(input), "%s should have skipped "
        + "the %s poison records: %s", STAGE, poison.poisonCount(input), report.stage(STAGE));
    return sink.records();
  }

  private List<O> serial(List<I> input, FaultPlan poison) {
    List<Arrival<I>> survivors = poison.survivors(input).stream()
        .map(record -> new Arrival<I>(Duration.ZERO, record)).toList();
    return DispatchInvariance.output(b -> b.stage(STAGE, this::newStage), survivors,
        List.of(Dispatch.perRecord()));
  }

  private static void check(boolean holds, String format, Object... args) {
    if (!holds) {
      throw new AssertionError(String.format(format, args));
    }
  }

  private static <T> Map<T, Long> counts(List<T> records) {
    return records.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
  }

  private Map<Object, List<O>> byKey(List<O> outputs) {
    return outputs.stream().collect(Collectors.groupingBy(this::outputKey, LinkedHashMap::new,
        Collectors.toList()));
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
   * Any dispatch, small batches included so that workers share the input.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<Dispatch> sluiceDispatch() {
    return Arbitraries.oneOf(SluiceArbitraries.dispatches(),
        SluiceArbitraries.batchedDispatches(4, Duration.ofMillis(5)),
        Arbitraries.integers().between(1, 8).map(Dispatch::smart));
  }

  /**
   * Poison-only fault plans over the first 10 records.
   *
   * @return the arbitrary
   */
  @Provide
  public Arbitrary<FaultPlan> sluicePoisonPlans() {
    return SluiceArbitraries.poisonPlans(10);
  }
}
