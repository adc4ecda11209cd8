package io.sluice.api;

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
public final class PipelineBuilder<S, T> extends SettingsBuilder<S, T> {

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

  private <R> PipelineBuilder<S, R> then(String name, StageKind kind, Supplier<?> factory,
      boolean shared, StageOptions options) {
    return new PipelineBuilder<>(
        draft.then(new Draft.Node(name, kind, options, factory, shared)));
  }
}
