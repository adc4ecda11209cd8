package io.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The branching half of the DSL, apart from the chain itself ({@link PipelineBuilder}): where
 * else records of the chain go ({@code alsoTo}, {@code sideOutput}, {@code divert}) and what joins
 * it ({@code mergeWith}). Not public on its own, as {@code AbstractStringBuilder} behind
 * {@code StringBuilder}: its methods are {@link PipelineBuilder}'s.
 *
 * @param <S> the type of the records the pipeline's input accepts
 * @param <T> the type of the records the next stage added reads
 */
abstract class BranchingBuilder<S, T> {
  final Draft draft;

  BranchingBuilder(Draft draft) {
    this.draft = draft;
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
   * side output {@value PipelineBuilder#DIVERTED}), the others go on along the chain. The router is the stage
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
    return branch(routed, List.of(new Port(name, PipelineBuilder.DIVERTED)), branch);
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
        .attach(node, List.of(new Port(name, PipelineBuilder.DIVERTED))));
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

  private static Draft.Node sinkNode(String name, Sink<?> sink, StageOptions options) {
    Checks.notNull(sink, "sink '" + name + "'");
    Checks.notNull(options, "options of stage '" + name + "'");
    return new Draft.Node(name, StageKind.SINK, options, Factories.shared(sink), true);
  }

  private static <T> Draft.Node routeNode(String name, Predicate<? super T> when) {
    Stage<T, T> router = FunctionStages.route(checkFunction(name, when));
    return new Draft.Node(name, StageKind.ROUTE, StageOptions.defaults(),
        Factories.shared(router, when), true);
  }

  static <F> F checkFunction(String name, F fn) {
    return Checks.notNull(fn, "function of stage '" + name + "'");
  }
  static StageOptions options(String name, Dispatch dispatch) {
    Checks.notNull(dispatch, "dispatch of stage '" + name + "'");
    return StageOptions.defaults().withDispatch(dispatch.requireValidFor(name));
  }
  static StageOptions options(String name, Dispatch dispatch, ErrorPolicy policy) {
    StageOptions options = options(name, dispatch);
    Checks.notNull(policy, "error policy of stage '" + name + "'");
    return options.withErrorPolicy(policy.requireValidFor(name));
  }}
