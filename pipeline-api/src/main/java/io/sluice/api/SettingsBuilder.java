package io.sluice.api;

/**
 * The settings part of the DSL, apart from the stages it adds ({@link PipelineBuilder}): each
 * method changes the stage added last (dispatch, error policy, ring size, thread, workers). Not
 * public on its own, as {@code AbstractStringBuilder} behind {@code StringBuilder}: its methods are
 * {@link PipelineBuilder}'s.
 *
 * @param <S> the type of the records the pipeline's input accepts
 * @param <T> the type of the records the next stage added reads
 */
abstract class SettingsBuilder<S, T> extends EndingBuilder<S, T> {

  SettingsBuilder(Draft draft) {
    super(draft);
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

  private PipelineBuilder<S, T> replaceLast(StageOptions options) {
    StageDefinition last = draft.current("a setting");
    return new PipelineBuilder<>(draft.replaceCurrent(last.withOptions(options)));
  }
}
