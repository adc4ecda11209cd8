package io.sluice.testkit.jqwik;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.Arrival;
import io.sluice.testkit.Blueprints;
import io.sluice.testkit.DispatchInvariance;
import io.sluice.testkit.FaultPlan;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One run of the stages under test behind a faulty pass-through stage named {@value #FAULTS}, for
 * the ready-made properties: the run, how it ended, its report (failed runs included, in either
 * mode) and what reached the sink, plus what the stages give for the input without its poison
 * records, which is what must arrive when the policy skips or dead-letters them.
 */
final class FaultyRun<I, O> {
  /** The name of the faulty stage, right after the input. */
  static final String FAULTS = "faults";

  final Pipeline<I> pipeline;
  final PipelineReport report;
  final StageFailedException failure;
  final List<O> output;
  /** The dead letters the run wrote, if the policy dead-letters to a {@link TestSink}. */
  final List<DeadLetter> deadLetters;

  private FaultyRun(Pipeline<I> pipeline, PipelineReport report, StageFailedException failure,
      List<O> output, List<DeadLetter> deadLetters) {
    this.pipeline = pipeline;
    this.report = report;
    this.failure = failure;
    this.output = output;
    this.deadLetters = deadLetters;
  }

  /**
   * Runs {@code input → faults → stages → output} to its end in the given mode.
   *
   * @param batchCalls whether the faulty stage takes whole batches (so a failed batch is split to
   *     find its poison records) or is called per record
   */
  static <I, O> FaultyRun<I, O> run(Function<PipelineBuilder<I, I>, PipelineBuilder<I, O>> stages,
      List<I> input, List<Dispatch> dispatches, FaultPlan faults, ErrorPolicy policy,
      boolean batchCalls, PipelineTester.Mode mode, PipelineTester tester)
      throws InterruptedException {
    TestSink<O> sink = TestSink.create();
    TestSink<DeadLetter> letters = policy.deadLetterSink().orElse(null) instanceof TestSink<?> t
        ? deadLetterSink(t) : null;
    int lettersBefore = letters == null ? 0 : letters.count();
    Stage<I, I> passThrough = batchCalls ? new BatchPassThrough<>() : new PassThrough<>();
    Pipeline<I> pipeline = Blueprints.withDispatches(stages.apply(Pipeline.named("faulty")
            .from("input", Source.fromIterable(input))
            .stage(FAULTS, faults.inject(passThrough, input)).withErrorPolicy(policy))
        .to("output", sink), dispatches);
    RunningPipeline<I> run = tester.start(mode, pipeline);
    StageFailedException failure = null;
    try {
      run.awaitCompletion();
    } catch (StageFailedException e) {
      failure = e;
    }
    PipelineReport report = run.report().orElseThrow(() -> new AssertionError(
        "the run of pipeline 'faulty' ended but has no report"));
    List<DeadLetter> written = letters == null ? List.of()
        : letters.records().subList(lettersBefore, letters.count());
    return new FaultyRun<>(pipeline, report, failure, sink.records(), written);
  }

  /** What the stages give, per record and deterministically, for the input without its poison. */
  static <I, O> List<O> expectedOutput(
      Function<PipelineBuilder<I, I>, PipelineBuilder<I, O>> stages, List<I> input,
      FaultPlan faults) {
    List<Arrival<I>> survivors = faults.survivors(input).stream()
        .map(record -> new Arrival<>(Duration.ZERO, record)).toList();
    return DispatchInvariance.output(stages, survivors, List.of(Dispatch.perRecord()));
  }

  @SuppressWarnings("unchecked")
  private static TestSink<DeadLetter> deadLetterSink(TestSink<?> sink) {
    return (TestSink<DeadLetter>) sink; // the policy writes only dead letters to it
  }

  /** Passes each record on; called per record, even under a batched dispatch. */
  private static class PassThrough<T> implements Stage<T, T> {
    @Override
    public void process(T record, Emitter<T> out) {
      out.emit(record);
    }
  }

  /** Passes each record on, and takes whole batches under a batched dispatch. */
  private static final class BatchPassThrough<T> extends PassThrough<T> {
    @Override
    public void processBatch(List<T> batch, Emitter<T> out) {
      for (T record : batch) {
        out.emit(record);
      }
    }
  }
}
