package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The ready-made check that a stateless pipeline gives the same output whatever its dispatch: the
 * stages run once with {@code perRecord()} everywhere and once with the given dispatches, both
 * deterministically with the same timed input, and the sink must see the same records in the same
 * order. Each run's accounting is checked too ({@link Accounting}).
 *
 * <pre>{@code
 * DispatchInvariance.assertSameOutput(
 *     in -> in.map("clean", String::trim).filter("nonEmpty", s -> !s.isEmpty()),
 *     arrivals, List.of(Dispatch.batched(3, Duration.ofMillis(50))));
 * }</pre>
 *
 * <p>Used by {@link io.sluice.testkit.jqwik.StatelessPipelineProperties}; callable from any test.
 */
public final class DispatchInvariance {
  private DispatchInvariance() {}

  /**
   * Fails unless the stages give the same output under {@code perRecord()} and under the given
   * dispatches.
   *
   * @param stages adds the stages under test to the input the check provides
   * @param arrivals the timed input
   * @param dispatches the dispatches of the stages after the input, in order (the sink last),
   *     cycled when there are more stages than dispatches
   * @param <I> the input type
   * @param <O> the output type
   * @throws AssertionError if the outputs differ or a report does not add up
   * @throws IllegalArgumentException if {@code dispatches} is empty or holds an invalid dispatch
   * @throws NullPointerException if an argument is {@code null}
   */
  public static <I, O> void assertSameOutput(
      Function<PipelineBuilder<I, I>, PipelineBuilder<I, O>> stages, List<Arrival<I>> arrivals,
      List<Dispatch> dispatches) {
    Objects.requireNonNull(dispatches, "dispatches");
    List<O> streamed = output(stages, arrivals, List.of(Dispatch.perRecord()));
    List<O> batched = output(stages, arrivals, dispatches);
    if (!streamed.equals(batched)) {
      int at = 0;
      while (at < Math.min(streamed.size(), batched.size())
          && Objects.equals(streamed.get(at), batched.get(at))) {
        at++;
      }
      throw new AssertionError("the output under " + dispatches + " differs from perRecord() at "
          + "position " + at + ": perRecord() gave " + streamed.size() + " records "
          + window(streamed, at) + ", batched gave " + batched.size() + " " + window(batched, at));
    }
  }

  /**
   * Runs the stages deterministically with the given dispatches over the timed input, checks the
   * report adds up, and returns what reached the sink.
   *
   * @param stages adds the stages under test to the input the check provides
   * @param arrivals the timed input
   * @param dispatches the dispatches of the stages after the input, cycled
   * @param <I> the input type
   * @param <O> the output type
   * @return the records the sink received, in order
   * @throws AssertionError if the report does not add up
   * @throws io.sluice.api.StageFailedException if a stage failed
   * @throws NullPointerException if an argument is {@code null}
   */
  public static <I, O> List<O> output(Function<PipelineBuilder<I, I>, PipelineBuilder<I, O>> stages,
      List<Arrival<I>> arrivals, List<Dispatch> dispatches) {
    Objects.requireNonNull(stages, "stages");
    Objects.requireNonNull(arrivals, "arrivals");
    TestSource<I> source = TestSource.create();
    TestSink<O> sink = TestSink.create();
    PipelineBuilder<I, O> built = Objects.requireNonNull(
        stages.apply(Pipeline.named("dispatch-invariance").from("input", source)),
        "stages returned null");
    Pipeline<I> pipeline = Blueprints.withDispatches(built.to("output", sink), dispatches);
    PipelineTester tester = PipelineTester.create();
    DeterministicRun<I> run = tester.runDeterministic(pipeline);
    try {
      Arrival.replay(arrivals, source, tester.clock());
      source.complete();
      PipelineReport report = run.awaitCompletion();
      Accounting.assertAddsUp(pipeline, report);
      return sink.records();
    } finally {
      run.cancel();
    }
  }

  private static List<?> window(List<?> records, int at) {
    if (records.isEmpty()) {
      return Collections.emptyList();
    }
    int from = Math.max(0, at - 2);
    return records.subList(from, Math.min(records.size(), at + 3));
  }
}
