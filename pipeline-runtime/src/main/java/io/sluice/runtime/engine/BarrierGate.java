package io.sluice.runtime.engine;

/**
 * How a checkpoint barrier crosses a concurrent node ({@link ParallelNode}, {@link AsyncNode}):
 * the node's summary step aligns the barrier over its input edges as any step does
 * ({@link StepBarriers}), then hands it in here, after every record the node took before it; the
 * node lets it out through {@link Exit} once every one of those records was settled by its
 * workers or calls and what they emitted was released downstream. Records after the barrier keep
 * flowing into the node meanwhile, but what they give is released only after the barrier left.
 * Called on the node's thread (the test's, inline).
 */
interface BarrierGate {
  /** Where a barrier goes once it crossed the node: on to the summary step's outputs. */
  interface Exit {
    /**
     * The barrier crossed the node.
     *
     * @param barrier the barrier
     * @param kept {@code true} if a worker or call of the node failed before it: the barrier is
     *     not passed on (records before it may have been stranded)
     */
    void crossed(Barrier barrier, boolean kept);
  }

  /**
   * Takes a barrier, after every record the node took before it; barriers enter in checkpoint
   * order and leave in that order.
   *
   * @param barrier the barrier
   * @param exit where it goes once it crossed; the same for every barrier of a run
   */
  void enter(Barrier barrier, Exit exit);

  /**
   * Lets every barrier still inside the node go as kept and releases what waited behind them:
   * for an end of the node's input that found a barrier stuck (it never should), so that the end
   * never waits for it.
   */
  void releaseAll();
}
