package io.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The fluent DSL that adds stages to a blueprint. Immutable: every method returns a new builder,
 * a fragment of the graph, so a partly built chain can be reused, branched and merged. Every
 * argument is checked when the stage is added, and a bad one is rejected with a message naming the
 * stage and the value; the whole graph is checked when the main chain ends with {@code to(...)}.
 *
 * <p>A chain reads on from the stage added last. Besides it, records can also go elsewhere:
 * <ul>
 *   <li>{@link #alsoTo(String, Sink)} and {@link #alsoTo(Function)}: every record of the current
 *       output also goes to a sink or to a branch of several stages (a broadcast);
 *   <li>{@link #divert}: records matching a predicate leave the chain for a branch;
 *   <li>{@link #sideOutput} and {@link #sideOutputTo}: what a stage emits to a
 *       {@linkplain SideOutput side output} goes to a branch;
 *   <li>{@link #mergeWith}: the next stage reads from this chain and from other chains (several
 *       sources, or the two sides of a diamond).
 * </ul>
 *
 * <pre>{@code
 * Pipeline<Order> job = Pipeline.named("orders")
 *     .from("shop", shopOrders)
 *     .mergeWith(Pipeline.from("web", webRequests).map("parse", Order::parse))
 *     .map("clean", Order::clean)
 *     .alsoTo(b -> b.filter("big", o -> o.amount() > 100).to("audit", auditSink))
 *     .divertTo("check", Order::isSuspicious, "review", reviewSink)
 *     .to("save", saveSink);
 * }</pre>
 *
 * <p>A branch function receives a builder reading from the branch point and returns what its
 * {@code to(...)} returns: a <em>branch result</em>, a {@link Pipeline} that only carries the
 * branch back to the chain (it cannot run or be described on its own, since the chain it branches
 * from is not finished). Stage names are unique across all branches.
 *
 * <p>Methods taking a {@link Stage} or {@link Sink} instance share that instance across runs;
 * those taking a {@link Supplier} make a fresh instance per run, which a stateful stage should
 * use. The functions of {@code map}, {@code filter} and {@code flatMap} must be stateless.
 *
 * <p>Settings of the stage added last follow it: {@link #withDispatch}, {@link #withErrorPolicy},
 * {@link #withRingSize}, and {@link #fused()} or {@link #ownThread()} for where it runs (see
 * {@link Fusion}). After {@link #mergeWith}, and in a branch function's builder, no stage is the
 * stage added last until one is added, and these methods throw {@link IllegalStateException}.
 *
 * @param <S> the type of the records the pipeline's input accepts
 * @param <T> the type of the records the next stage added reads
 */
public final class PipelineBuilder<S, T> extends BranchingBuilder<S, T> {

  /** The name of the side output by which a {@link #divert} router feeds its branch. */
  public static final String DIVERTED = "diverted";

  PipelineBuilder(Draft draft) {
    super(draft);
  }

  static <T> PipelineBuilder<T, T> start(String pipelineName, boolean named, String name,
      StageKind kind, Supplier<?> factory, boolean shared) {
    return new PipelineBuilder<>(Draft.start(pipelineName, named,
        StageDefinition.of(name, kind, StageOptions.defaults(), List.of(), factory, shared)));
  }

  /**
   * Adds a stage emitting {@code fn(record)} for each record.
   *
   * @param name the stage name, unique in the pipeline
   * @param fn a stateless function; must not return {@code null}
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code fn} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public <R> PipelineBuilder<S, R> map(String name, Function<? super T, ? extends R> fn) {
    Stage<T, R> stage = FunctionStages.map(checkFunction(name, fn));
    return then(name, StageKind.MAP, Factories.shared(stage, fn), true, StageOptions.defaults());
  }

  /**
   * Adds a stage passing on only the records {@code keep} accepts.
   *
   * @param name the stage name, unique in the pipeline
   * @param keep a stateless predicate
   * @return the extended builder
   * @throws NullPointerException if {@code keep} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public PipelineBuilder<S, T> filter(String name, Predicate<? super T> keep) {
    Stage<T, T> stage = FunctionStages.filter(checkFunction(name, keep));
    return then(name, StageKind.FILTER, Factories.shared(stage, keep), true,
        StageOptions.defaults());
  }

  /**
   * Adds a stage emitting every element of {@code fn(record)} for each record.
   *
   * @param name the stage name, unique in the pipeline
   * @param fn a stateless function returning a non-null iterable of non-null records
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code fn} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public <R> PipelineBuilder<S, R> flatMap(String name,
      Function<? super T, ? extends Iterable<? extends R>> fn) {
    Stage<T, R> stage = FunctionStages.flatMap(checkFunction(name, fn));
    return then(name, StageKind.FLAT_MAP, Factories.shared(stage, fn), true,
        StageOptions.defaults());
  }

  /**
   * Adds a stage instance, shared by every run, with the default per-record dispatch.
   *
   * @param name the stage name, unique in the pipeline
   * @param stage the stage
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code stage} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public <R> PipelineBuilder<S, R> stage(String name, Stage<? super T, ? extends R> stage) {
    return stage(name, stage, Dispatch.perRecord());
  }

  /**
   * Adds a stage instance, shared by every run, with the given dispatch.
   *
   * @param name the stage name, unique in the pipeline
   * @param stage the stage
   * @param dispatch how records are handed to it
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code stage} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public <R> PipelineBuilder<S, R> stage(String name, Stage<? super T, ? extends R> stage,
      Dispatch dispatch) {
    Checks.notNull(stage, "stage '" + name + "'");
    return then(name, StageKind.STAGE, Factories.shared(stage), true, options(name, dispatch));
  }

  /**
   * Adds a stage made afresh for each run, with the default per-record dispatch.
   *
   * @param name the stage name, unique in the pipeline
   * @param factory makes one stage per run
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code factory} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public <R> PipelineBuilder<S, R> stage(String name,
      Supplier<? extends Stage<? super T, ? extends R>> factory) {
    return stage(name, factory, Dispatch.perRecord());
  }

  /**
   * Adds a stage made afresh for each run, with the given dispatch.
   *
   * @param name the stage name, unique in the pipeline
   * @param factory makes one stage per run
   * @param dispatch how records are handed to it
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code factory} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public <R> PipelineBuilder<S, R> stage(String name,
      Supplier<? extends Stage<? super T, ? extends R>> factory, Dispatch dispatch) {
    Checks.notNull(factory, "factory of stage '" + name + "'");
    return then(name, StageKind.STAGE, factory, false, options(name, dispatch));
  }

  /**
   * Like {@link #stage(String, Supplier)}, with a factory a runner can ship to other machines
   * ({@link StageFactory}); a lambda or constructor reference is taken here.
   *
   * @param name the stage name, unique in the pipeline
   * @param factory makes one stage per run (and per remote task)
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code factory} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public <R> PipelineBuilder<S, R> stage(String name,
      StageFactory<? extends Stage<? super T, ? extends R>> factory) {
    return stage(name, factory, Dispatch.perRecord());
  }

  /**
   * Like {@link #stage(String, Supplier, Dispatch)}, with a factory a runner can ship.
   *
   * @param name the stage name, unique in the pipeline
   * @param factory makes one stage per run (and per remote task)
   * @param dispatch how records are handed to it
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code factory} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public <R> PipelineBuilder<S, R> stage(String name,
      StageFactory<? extends Stage<? super T, ? extends R>> factory, Dispatch dispatch) {
    return stage(name, (Supplier<? extends Stage<? super T, ? extends R>>) factory, dispatch);
  }

  /**
   * Changes the dispatch of the stage added last (a map, filter, flatMap, stage or router).
   *
   * @param dispatch how records are handed to it
   * @return the changed builder
   * @throws NullPointerException if {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the dispatch is invalid or the last stage is the input
   * @throws IllegalStateException if no stage was added since {@link #mergeWith} or the start of
   *     a branch (the same holds for every method changing the stage added last)
   */
  public PipelineBuilder<S, T> withDispatch(Dispatch dispatch) {
    StageDefinition last = draft.current("withDispatch(...)");
    Checks.check(!last.kind().isInput(),
        "stage '%s' is the pipeline's input and has no dispatch", last.name());
    return replaceLast(last.options().withDispatch(options(last.name(), dispatch).dispatch()));
  }

  /**
   * Changes the error policy of the stage added last (a map, filter, flatMap or stage): what it
   * does when it throws on a record or batch. The default is {@link ErrorPolicy#failFast()}.
   *
   * @param policy the error policy
   * @return the changed builder
   * @throws NullPointerException if {@code policy} is {@code null}
   * @throws IllegalArgumentException if the policy is invalid, naming the stage and the value, or
   *     the last stage is the input (a failing source always fails the run)
   */
  public PipelineBuilder<S, T> withErrorPolicy(ErrorPolicy policy) {
    StageDefinition last = draft.current("withErrorPolicy(...)");
    Checks.notNull(policy, "error policy of stage '" + last.name() + "'");
    Checks.check(!last.kind().isInput(),
        "stage '%s' is the pipeline's input and has no error policy: a failing source fails the "
            + "run", last.name());
    return replaceLast(last.options().withErrorPolicy(policy.requireValidFor(last.name())));
  }

  /**
   * Changes the input ring size of the stage added last.
   *
   * @param ringSize records the ring holds; a power of two
   * @return the changed builder
   * @throws IllegalArgumentException if the size is not a power of two in range, or the last stage
   *     is the input (it has no ring of its own)
   */
  public PipelineBuilder<S, T> withRingSize(int ringSize) {
    StageDefinition last = draft.current("withRingSize(...)");
    Checks.check(!last.kind().isInput(),
        "stage '%s' is the pipeline's input and has no ring of its own", last.name());
    return replaceLast(last.options().withRingSize(ringSize));
  }

  /**
   * Runs the stage added last on the thread of the stage before it ({@link Fusion#FUSED}): that
   * stage hands it each record by a direct call, with no ring or thread hand-off between them.
   * Worth it for a cheap stage; a slow or blocking one is better off on its own thread. A sink
   * takes the setting through {@link #to(String, Sink, StageOptions)}.
   *
   * @return the changed builder
   * @throws IllegalArgumentException if the last stage is the input, reads from more than one
   *     port (a merge), or reads from a live input (which has no thread of its own: callers push
   *     its records)
   */
  public PipelineBuilder<S, T> fused() {
    StageDefinition last = draft.current("fused()");
    Checks.check(!last.kind().isInput(),
        "stage '%s' is the pipeline's input; fused() applies to a stage after it", last.name());
    Checks.check(last.inputPorts().size() == 1, "stage '%s' reads from %s and cannot be fused: "
        + "only a stage with one input can run on its thread", last.name(), last.inputPorts());
    StageDefinition input = draft.node(last.inputs().get(0));
    Checks.check(input.kind() != StageKind.LIVE_INPUT,
        "stage '%s' cannot be fused: it reads from live input '%s', which has no thread of its "
            + "own (callers push its records)", last.name(), input.name());
    return replaceLast(last.options().withFusion(Fusion.FUSED));
  }

  /**
   * Runs the stage added last on {@code workers} workers, outputs in input order: shorthand for
   * {@code parallel(Parallelism.ordered(workers))}.
   *
   * @param workers how many workers, 1 to {@link Parallelism#MAX_WORKERS}
   * @return the changed builder
   * @throws IllegalArgumentException as {@link #parallel(Parallelism)}
   */
  public PipelineBuilder<S, T> parallel(int workers) {
    return parallel(Parallelism.ordered(workers));
  }

  /**
   * Runs the stage added last on several workers (see {@link Parallelism}): each worker has its
   * own instance from the stage's factory, batches on its own under the stage's dispatch, and
   * applies the stage's error policy to what it was given. A stage given as one shared instance
   * is accepted only if it says it is {@linkplain Stage#threadSafe() thread-safe}.
   *
   * @param parallelism the setting
   * @return the changed builder
   * @throws NullPointerException if {@code parallelism} is {@code null}
   * @throws IllegalArgumentException naming the stage and the value, if the setting is out of
   *     bounds, the last stage is an input, an async stage, or a shared instance that is not
   *     thread-safe
   */
  public PipelineBuilder<S, T> parallel(Parallelism parallelism) {
    StageDefinition last = draft.current("parallel(...)");
    Checks.notNull(parallelism, "parallelism of stage '" + last.name() + "'");
    Checks.check(!last.kind().isInput(),
        "stage '%s' is the pipeline's input; parallel(...) applies to a stage after it",
        last.name());
    return replaceLast(last.options().withParallelism(parallelism.requireValidFor(last.name()))
        .requireValidFor(last.name()));
  }

  /**
   * Adds an {@link AsyncStage} (a fresh instance per run from {@code factory}) under
   * {@code perRecord()}; set a batched dispatch with {@link #withDispatch}, under which up to
   * {@link Async#maxInFlight()} batches are in flight.
   *
   * @param name the stage name, unique in the pipeline
   * @param factory makes the stage
   * @param async calls in flight, order and timeout
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code factory} or {@code async} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or {@code async} out of
   *     bounds (the message names the stage)
   */
  public <R> PipelineBuilder<S, R> stageAsync(String name,
      Supplier<? extends AsyncStage<? super T, ? extends R>> factory, Async async) {
    Checks.notNull(factory, "factory of stage '" + name + "'");
    Checks.notNull(async, "async setting of stage '" + name + "'");
    return then(name, StageKind.STAGE, AsyncFactories.of(factory, async), false,
        StageOptions.defaults().withAsync(async.requireValidFor(name)));
  }

  /**
   * Like {@link #stageAsync(String, Supplier, Async)}, with a factory a runner can ship to other
   * machines ({@link StageFactory}); a lambda or constructor reference is taken here.
   *
   * @param name the stage name, unique in the pipeline
   * @param factory makes the stage (one per run, and per remote task)
   * @param async calls in flight, order and timeout
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code factory} or {@code async} is {@code null}
   * @throws IllegalArgumentException as {@link #stageAsync(String, Supplier, Async)}
   */
  public <R> PipelineBuilder<S, R> stageAsync(String name,
      StageFactory<? extends AsyncStage<? super T, ? extends R>> factory, Async async) {
    return stageAsync(name,
        (Supplier<? extends AsyncStage<? super T, ? extends R>>) factory, async);
  }

  /**
   * Adds an async map: {@code call} starts the work for a record and completes with its output
   * ({@code null} for none). Shorthand for {@link #stageAsync} with a stage that holds only the
   * function, which must therefore be safe to call for many records at once.
   *
   * @param name the stage name, unique in the pipeline
   * @param call starts the call for one record
   * @param async calls in flight, order and timeout
   * @param <R> the output type
   * @return the extended builder
   * @throws NullPointerException if {@code call} or {@code async} is {@code null}
   * @throws IllegalArgumentException as {@link #stageAsync}
   */
  public <R> PipelineBuilder<S, R> mapAsync(String name,
      Function<? super T, ? extends java.util.concurrent.CompletionStage<R>> call, Async async) {
    Checks.notNull(call, "function of stage '" + name + "'");
    Checks.notNull(async, "async setting of stage '" + name + "'");
    return then(name, StageKind.STAGE, AsyncFactories.ofFunction(call, async), false,
        StageOptions.defaults().withAsync(async.requireValidFor(name)));
  }

  /**
   * Gives the stage added last its own input ring and thread ({@link Fusion#OWN_THREAD}), also
   * where the default rule would fuse it (a per-record map, filter or flatMap): for a function
   * slow enough to deserve a core, or to keep a ring between two stages.
   *
   * @return the changed builder
   * @throws IllegalArgumentException if the last stage is the input
   */
  public PipelineBuilder<S, T> ownThread() {
    StageDefinition last = draft.current("ownThread()");
    Checks.check(!last.kind().isInput(),
        "stage '%s' is the pipeline's input; ownThread() applies to a stage after it",
        last.name());
    return replaceLast(last.options().withFusion(Fusion.OWN_THREAD));
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
    return then(name, StageKind.SINK, Factories.shared(sink), true, options(name, dispatch))
        .draft.finish();
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
    return then(name, StageKind.SINK, factory, false, options(name, dispatch)).draft.finish();
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
    return then(name, StageKind.SINK, factory, false, options).draft.finish();
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
    return then(name, StageKind.SINK, Factories.shared(sink), true, options).draft.finish();
  }

  private <R> PipelineBuilder<S, R> then(String name, StageKind kind, Supplier<?> factory,
      boolean shared, StageOptions options) {
    return new PipelineBuilder<>(
        draft.then(new Draft.Node(name, kind, options, factory, shared)));
  }

  private PipelineBuilder<S, T> replaceLast(StageOptions options) {
    StageDefinition last = draft.current("a setting");
    return new PipelineBuilder<>(draft.replaceCurrent(last.withOptions(options)));
  }






}
