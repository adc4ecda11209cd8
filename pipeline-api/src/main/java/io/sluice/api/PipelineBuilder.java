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
public final class PipelineBuilder<S, T> {

  /** The name of the side output by which a {@link #divert} router feeds its branch. */
  public static final String DIVERTED = "diverted";

  private final Draft draft;

  private PipelineBuilder(Draft draft) {
    this.draft = draft;
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
    return then(name, StageKind.MAP, () -> stage, true, StageOptions.defaults());
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
    return then(name, StageKind.FILTER, () -> stage, true, StageOptions.defaults());
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
    return then(name, StageKind.FLAT_MAP, () -> stage, true, StageOptions.defaults());
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
    return then(name, StageKind.STAGE, () -> stage, true, options(name, dispatch));
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
    return then(name, StageKind.SINK, () -> sink, true, options(name, dispatch)).draft.finish();
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
    return then(name, StageKind.SINK, () -> sink, true, options).draft.finish();
  }

  /**
   * Sends every record of the current output also to a sink instance shared by every run, with
   * per-record dispatch (a broadcast); the chain goes on from the same stage, and the settings
   * methods still change that stage. For a sink made per run, use {@link #alsoTo(Function)}.
   *
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if {@code sink} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken
   */
  public PipelineBuilder<S, T> alsoTo(String name, Sink<? super T> sink) {
    return alsoTo(name, sink, Dispatch.perRecord());
  }

  /**
   * Like {@link #alsoTo(String, Sink)}, with a dispatch for the sink.
   *
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param dispatch how records are handed to it
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if {@code sink} or {@code dispatch} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch invalid
   */
  public PipelineBuilder<S, T> alsoTo(String name, Sink<? super T> sink, Dispatch dispatch) {
    return alsoTo(name, sink, options(name, dispatch));
  }

  /**
   * Like {@link #alsoTo(String, Sink)}, with a dispatch and an error policy for the sink.
   *
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param dispatch how records are handed to it
   * @param policy what the sink does when it throws
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the dispatch or policy
   *     invalid
   */
  public PipelineBuilder<S, T> alsoTo(String name, Sink<? super T> sink, Dispatch dispatch,
      ErrorPolicy policy) {
    return alsoTo(name, sink, options(name, dispatch, policy));
  }

  /**
   * Like {@link #alsoTo(String, Sink)}, with explicit settings for the sink (dispatch, error
   * policy, ring size, fusion).
   *
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param options the sink's settings
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if {@code sink} or {@code options} is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the options invalid
   */
  public PipelineBuilder<S, T> alsoTo(String name, Sink<? super T> sink, StageOptions options) {
    Draft.Node node = sinkNode(name, sink, options);
    return new PipelineBuilder<>(draft.attach(node, draft.cursor()));
  }

  /**
   * Sends every record of the current output also to a branch of several stages ending with a
   * sink (a broadcast); the chain goes on from the same stage.
   *
   * <pre>{@code
   * .alsoTo(b -> b.filter("big", o -> o.amount() > 100).to("audit", auditSink))
   * }</pre>
   *
   * @param branch builds the branch from the builder it is given and returns what its
   *     {@code to(...)} returns
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if {@code branch} or its result is {@code null}
   * @throws IllegalArgumentException if the branch returns a pipeline not built from the builder
   *     it was given, or a check of one of its stages fails
   */
  public PipelineBuilder<S, T> alsoTo(Function<PipelineBuilder<S, T>, Pipeline<S>> branch) {
    return branch(draft, draft.cursor(), branch);
  }

  /**
   * Sends what the stage added last emits to a side output to a sink instance shared by every
   * run, dispatched per record; the chain goes on from the stage's main output. Connecting one
   * side output several times (to sinks or branches) sends each record to all of them.
   *
   * @param output the side output the stage emits to
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param <X> the side output's record type
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken; if the stage added last is
   *     an input (sources emit to their main output only) or a {@link #divert} router; or if a
   *     side output of the same name but another type is connected to that stage
   * @throws IllegalStateException if no stage was added since {@link #mergeWith} or the start of
   *     a branch
   */
  public <X> PipelineBuilder<S, T> sideOutputTo(SideOutput<X> output, String name,
      Sink<? super X> sink) {
    return sideOutputTo(output, name, sink, Dispatch.perRecord());
  }

  /**
   * Like {@link #sideOutputTo(SideOutput, String, Sink)}, with a dispatch for the sink.
   *
   * @param output the side output the stage emits to
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param dispatch how records are handed to it
   * @param <X> the side output's record type
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException as {@link #sideOutputTo(SideOutput, String, Sink)}, or if
   *     the dispatch is invalid
   * @throws IllegalStateException as {@link #sideOutputTo(SideOutput, String, Sink)}
   */
  public <X> PipelineBuilder<S, T> sideOutputTo(SideOutput<X> output, String name,
      Sink<? super X> sink, Dispatch dispatch) {
    return sideOutputTo(output, name, sink, options(name, dispatch));
  }

  /**
   * Like {@link #sideOutputTo(SideOutput, String, Sink)}, with a dispatch and an error policy
   * for the sink.
   *
   * @param output the side output the stage emits to
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param dispatch how records are handed to it
   * @param policy what the sink does when it throws
   * @param <X> the side output's record type
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException as {@link #sideOutputTo(SideOutput, String, Sink)}, or if
   *     the dispatch or policy is invalid
   * @throws IllegalStateException as {@link #sideOutputTo(SideOutput, String, Sink)}
   */
  public <X> PipelineBuilder<S, T> sideOutputTo(SideOutput<X> output, String name,
      Sink<? super X> sink, Dispatch dispatch, ErrorPolicy policy) {
    return sideOutputTo(output, name, sink, options(name, dispatch, policy));
  }

  /**
   * Like {@link #sideOutputTo(SideOutput, String, Sink)}, with explicit settings for the sink.
   *
   * @param output the side output the stage emits to
   * @param name the sink's stage name, unique in the pipeline
   * @param sink the sink
   * @param options the sink's settings
   * @param <X> the side output's record type
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException as {@link #sideOutputTo(SideOutput, String, Sink)}, or if
   *     the options are invalid
   * @throws IllegalStateException as {@link #sideOutputTo(SideOutput, String, Sink)}
   */
  public <X> PipelineBuilder<S, T> sideOutputTo(SideOutput<X> output, String name,
      Sink<? super X> sink, StageOptions options) {
    Draft.Node node = sinkNode(name, sink, options);
    Draft connected = draft.connect(output, "sideOutputTo(...)");
    return new PipelineBuilder<>(connected.attach(node, List.of(connected.sidePort(output))));
  }

  /**
   * Sends what the stage added last emits to a side output to a branch of stages ending with a
   * sink; the chain goes on from the stage's main output.
   *
   * <pre>{@code
   * .stage("check", new FraudCheck())               // emits suspicious records to ALERTS
   * .sideOutput(ALERTS, b -> b.map("format", Alert::text).to("page", pager))
   * .to("save", saveSink)
   * }</pre>
   *
   * @param output the side output the stage emits to
   * @param branch builds the branch from the builder it is given and returns what its
   *     {@code to(...)} returns
   * @param <X> the side output's record type
   * @return the extended builder, still at the same stage
   * @throws NullPointerException if an argument or the branch's result is {@code null}
   * @throws IllegalArgumentException if the stage added last is an input or a router, a side
   *     output of the same name but another type is connected to it, or the branch returns a
   *     pipeline not built from the builder it was given
   * @throws IllegalStateException if no stage was added since {@link #mergeWith} or the start of
   *     a branch
   */
  public <X> PipelineBuilder<S, T> sideOutput(SideOutput<X> output,
      Function<PipelineBuilder<S, X>, Pipeline<S>> branch) {
    Draft connected = draft.connect(output, "sideOutput(...)");
    return branch(connected, List.of(connected.sidePort(output)), branch);
  }

  /**
   * Adds a router: records {@code when} accepts leave the chain for a branch (by the router's
   * side output {@value #DIVERTED}), the others go on along the chain. The router is the stage
   * added last, so the settings methods change it; under the default {@link Fusion#AUTO} rule it
   * runs on the thread of the stage before it, like a filter.
   *
   * <pre>{@code
   * .divert("triage", Order::isSuspicious, b -> b.stage("score", scorer).to("review", reviewSink))
   * }</pre>
   *
   * @param name the router's stage name, unique in the pipeline
   * @param when a stateless predicate choosing the records diverted
   * @param branch builds the branch from the builder it is given and returns what its
   *     {@code to(...)} returns
   * @return the extended builder, at the router's main output
   * @throws NullPointerException if an argument or the branch's result is {@code null}
   * @throws IllegalArgumentException if the name is invalid or taken, or the branch returns a
   *     pipeline not built from the builder it was given
   */
  public PipelineBuilder<S, T> divert(String name, Predicate<? super T> when,
      Function<PipelineBuilder<S, T>, Pipeline<S>> branch) {
    Draft routed = draft.then(routeNode(name, when));
    return branch(routed, List.of(new Port(name, DIVERTED)), branch);
  }

  /**
   * Like {@link #divert(String, Predicate, Function)}, with a sink instance, shared by every run
   * and dispatched per record, as the branch.
   *
   * @param name the router's stage name, unique in the pipeline
   * @param when a stateless predicate choosing the records diverted
   * @param sinkName the sink's stage name, unique in the pipeline
   * @param sink the sink receiving the diverted records
   * @return the extended builder, at the router's main output
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if a name is invalid or taken
   */
  public PipelineBuilder<S, T> divertTo(String name, Predicate<? super T> when, String sinkName,
      Sink<? super T> sink) {
    return divertTo(name, when, sinkName, sink, Dispatch.perRecord());
  }

  /**
   * Like {@link #divertTo(String, Predicate, String, Sink)}, with a dispatch for the sink.
   *
   * @param name the router's stage name, unique in the pipeline
   * @param when a stateless predicate choosing the records diverted
   * @param sinkName the sink's stage name, unique in the pipeline
   * @param sink the sink receiving the diverted records
   * @param dispatch how records are handed to the sink
   * @return the extended builder, at the router's main output
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if a name is invalid or taken, or the dispatch invalid
   */
  public PipelineBuilder<S, T> divertTo(String name, Predicate<? super T> when, String sinkName,
      Sink<? super T> sink, Dispatch dispatch) {
    Draft.Node router = routeNode(name, when);
    Draft.Node node = sinkNode(sinkName, sink, options(sinkName, dispatch));
    return new PipelineBuilder<>(draft.then(router)
        .attach(node, List.of(new Port(name, DIVERTED))));
  }

  /**
   * Joins other chains to this one: the next stage added reads the records of this chain's
   * current output and of each other's, as they come (a merge; nothing orders records of
   * different inputs). The graphs are united, so the others may start at other sources, or at a
   * stage of this chain (a diamond). The pipeline keeps this builder's name; if only an other
   * was {@linkplain Pipeline#named named}, its name. Until a stage is added, the methods changing
   * the stage added last fail, and the stage added next never runs fused.
   *
   * <pre>{@code
   * Pipeline.named("orders").from("shop", shop)
   *     .mergeWith(Pipeline.from("web", web).map("parse", Order::parse))
   *     .map("clean", Order::clean)
   *     .to("save", sink);
   * }</pre>
   *
   * @param other a chain to merge
   * @param more more chains to merge
   * @return the merged builder
   * @throws NullPointerException if a builder is {@code null}
   * @throws IllegalArgumentException if two builders hold different stages of one name (a stage
   *     changed after the builders split counts as another stage), join one output twice, carry
   *     two different explicit pipeline names, or an other holds a live input while this chain
   *     does not (the pipeline's input type would be wrong: start from the live input)
   */
  @SafeVarargs
  public final PipelineBuilder<S, T> mergeWith(PipelineBuilder<?, ? extends T> other,
      PipelineBuilder<?, ? extends T>... more) {
    List<Draft> others = new ArrayList<>();
    others.add(Checks.notNull(other, "builder to merge").draft);
    for (PipelineBuilder<?, ? extends T> each : Checks.notNull(more, "builders to merge")) {
      others.add(Checks.notNull(each, "builder to merge").draft);
    }
    return new PipelineBuilder<>(draft.merge(others));
  }

  private <X> PipelineBuilder<S, T> branch(Draft from, List<Port> at,
      Function<PipelineBuilder<S, X>, Pipeline<S>> branch) {
    String where = at.stream().map(Port::toString).toList().toString();
    Checks.notNull(branch, "branch function at " + where);
    Object token = new Object();
    Pipeline<S> end = branch.apply(new PipelineBuilder<>(from.branchAt(at, token)));
    Checks.notNull(end, "the pipeline returned by the branch function at " + where);
    Draft built = end.branchDraft();
    Checks.check(built != null && built.branch() == token, "the branch function at %s returned "
        + "%s, which was not built from the builder it was given: return what to(...) returns on "
        + "that builder", where, end);
    return new PipelineBuilder<>(from.rejoin(built));
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

  private static Draft.Node sinkNode(String name, Sink<?> sink, StageOptions options) {
    Checks.notNull(sink, "sink '" + name + "'");
    Checks.notNull(options, "options of stage '" + name + "'");
    return new Draft.Node(name, StageKind.SINK, options, () -> sink, true);
  }

  private static <T> Draft.Node routeNode(String name, Predicate<? super T> when) {
    Stage<T, T> router = FunctionStages.route(checkFunction(name, when));
    return new Draft.Node(name, StageKind.ROUTE, StageOptions.defaults(), () -> router, true);
  }

  private static <F> F checkFunction(String name, F fn) {
    return Checks.notNull(fn, "function of stage '" + name + "'");
  }

  private static StageOptions options(String name, Dispatch dispatch) {
    Checks.notNull(dispatch, "dispatch of stage '" + name + "'");
    return StageOptions.defaults().withDispatch(dispatch.requireValidFor(name));
  }

  private static StageOptions options(String name, Dispatch dispatch, ErrorPolicy policy) {
    StageOptions options = options(name, dispatch);
    Checks.notNull(policy, "error policy of stage '" + name + "'");
    return options.withErrorPolicy(policy.requireValidFor(name));
  }
}
