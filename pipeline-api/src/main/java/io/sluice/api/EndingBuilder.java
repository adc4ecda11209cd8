package io.sluice.api;

import java.util.function.Supplier;

/**
 * The end of a chain in the DSL: {@code to(...)} adds the sink the chain ends with and returns the
 * finished blueprint (or, in a branch function, the branch result). Not public on its own, as
 * {@code AbstractStringBuilder} behind {@code StringBuilder}: its methods are
 * {@link PipelineBuilder}'s.
 *
 * @param <S> the type of the records the pipeline's input accepts
 * @param <T> the type of the records the next stage added reads
 */
abstract class EndingBuilder<S, T> extends BranchingBuilder<S, T> {

  EndingBuilder(Draft draft) {
    super(draft);
  }

  /**
   * Ends the pipeline with a sink instance shared by every run, dispatched per record.
   *
   * @param name the sink's stage name
   * @param sink the sink
   * @return the finished blueprint; in a branch function, the branch result to return
   * @throws NullPointerException if {@code sink} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public Pipeline<S> to(String name, Sink<? super T> sink) {
    return to(name, sink, Dispatch.perRecord());
  }

  /**
   * Ends the pipeline with a sink instance shared by every run.
   *
   * @param name the sink's stage name
   * @param sink the sink
   * @param dispatch how records are handed to it
   * @return the finished blueprint; in a branch function, the branch result to return
   * @throws NullPointerException if {@code sink} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public Pipeline<S> to(String name, Sink<? super T> sink, Dispatch dispatch) {
    Checks.notNull(sink, "sink '" + name + "'");
    return end(name, Factories.shared(sink), true, options(name, dispatch));
  }

  /**
   * Ends the pipeline with a sink made afresh for each run.
   *
   * @param name the sink's stage name
   * @param factory makes one sink per run
   * @param dispatch how records are handed to it
   * @return the finished blueprint; in a branch function, the branch result to return
   * @throws NullPointerException if {@code factory} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public Pipeline<S> to(String name, Supplier<? extends Sink<? super T>> factory,
      Dispatch dispatch) {
    Checks.notNull(factory, "factory of sink '" + name + "'");
    return end(name, factory, false, options(name, dispatch));
  }

  /**
   * Ends the pipeline with a sink instance shared by every run, with an error policy.
   *
   * @param name the sink's stage name
   * @param sink the sink
   * @param dispatch how records are handed to it
   * @param policy what the sink does when it throws
   * @return the finished blueprint; in a branch function, the branch result to return
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch or policy
   *     invalid
   */
  public Pipeline<S> to(String name, Sink<? super T> sink, Dispatch dispatch, ErrorPolicy policy) {
    return to(name, sink, options(name, dispatch, policy));
  }

  /**
   * Ends the pipeline with a sink made afresh for each run, with explicit settings (dispatch, error
   * policy, ring size).
   *
   * @param name the sink's stage name
   * @param factory makes one sink per run
   * @param options the sink's settings
   * @return the finished blueprint; in a branch function, the branch result to return
   * @throws NullPointerException if {@code factory} or {@code options} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the options invalid
   */
  public Pipeline<S> to(String name, Supplier<? extends Sink<? super T>> factory,
      StageOptions options) {
    Checks.notNull(factory, "factory of sink '" + name + "'");
    Checks.notNull(options, "options of stage '" + name + "'");
    return end(name, factory, false, options);
  }

  /**
   * Like {@link #to(String, Supplier, Dispatch)}, with a factory a runner can ship to other
   * machines ({@link StageFactory}).
   *
   * @param name the sink's stage name
   * @param factory makes one sink per run (and per remote task)
   * @param dispatch how records are handed to it
   * @return the finished blueprint
   * @throws NullPointerException if {@code factory} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public Pipeline<S> to(String name, StageFactory<? extends Sink<? super T>> factory,
      Dispatch dispatch) {
    return to(name, (Supplier<? extends Sink<? super T>>) factory, dispatch);
  }

  /**
   * Ends the pipeline with a sink instance shared by every run, with explicit settings (the way to
   * set the sink's ring size and error policy, since {@code to} returns the finished blueprint).
   *
   * @param name the sink's stage name
   * @param sink the sink, shared by every run
   * @param options the sink's settings
   * @return the finished blueprint; in a branch function, the branch result to return
   * @throws NullPointerException if {@code sink} or {@code options} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the options invalid
   */
  public Pipeline<S> to(String name, Sink<? super T> sink, StageOptions options) {
    Checks.notNull(sink, "sink '" + name + "'");
    Checks.notNull(options, "options of stage '" + name + "'");
    return end(name, Factories.shared(sink), true, options);
  }

  private Pipeline<S> end(String name, Supplier<?> factory, boolean shared,
      StageOptions options) {
    return draft.then(new Draft.Node(name, StageKind.SINK, options, factory, shared)).finish();
  }
}
