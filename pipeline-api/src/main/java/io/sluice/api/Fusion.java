package io.sluice.api;

/**
 * Whether a stage runs on the thread of the stage feeding it (fused: the upstream stage hands it
 * each record by a direct call) or on a thread of its own behind a ring. Part of
 * {@link StageOptions}; set in the DSL with {@link PipelineBuilder#fused()} and
 * {@link PipelineBuilder#ownThread()}. {@link Pipeline#isFused(String)} applies the rule.
 *
 * <p>Fusion changes where a stage runs, never what it does: records keep their order, every stage
 * keeps its own dispatch, error policy, counts in the report and {@code open}/{@code close} (on
 * the shared thread). What it changes is cost and overlap: a hand-off between threads costs far
 * more than a cheap function, so cheap stages run fastest fused, while a slow or blocking stage on
 * its own thread lets the stages before it keep working.
 */
public enum Fusion {

  /**
   * The default rule: a {@code map}, {@code filter}, {@code flatMap} or {@code divert} stage under
   * {@link Dispatch#perRecord()} runs on the thread of the stage before it (the source's thread for
   * the first ones); every other stage (a user {@code stage(...)}, a sink, any batched stage) gets
   * its own thread. A stage after a live input always gets its own thread: a live input has none
   * (its records are pushed by the callers of {@link LiveInput#push}), and so does a stage
   * reading from several outputs ({@link PipelineBuilder#mergeWith}).
   */
  AUTO,

  /**
   * Runs on the thread of the stage before it, whatever its kind and dispatch; its ring size is
   * unused, since it has no ring. A batched stage fused onto a source's thread has its TIME
   * flushes checked between two calls of {@link Source#poll}, so a source that blocks in
   * {@code poll} delays them. Not allowed right after a live input, which has no thread.
   */
  FUSED,

  /** Gets its own input ring and thread, whatever its kind and dispatch. */
  OWN_THREAD;

  /**
   * The rule {@link Pipeline#isFused} applies: whether {@code stage} runs on the thread of the
   * stage feeding it. An input, a merge, a stage after a live input, and a parallel or async
   * stage or one fed by such a stage (they have workers of their own) never are.
   */
  static boolean fusesWithInput(BlueprintView pipeline, StageDefinition stage) {
    if (stage.kind().isInput() || stage.inputPorts().size() != 1) {
      return false;
    }
    StageDefinition input = pipeline.stage(stage.inputs().get(0));
    if (input.kind() == StageKind.LIVE_INPUT || stage.options().isConcurrent()
        || input.options().isConcurrent()) {
      return false;
    }
    return switch (stage.options().fusion()) {
      case FUSED -> true;
      case OWN_THREAD -> false;
      case AUTO -> !stage.dispatch().isBatched() && (stage.kind() == StageKind.MAP
          || stage.kind() == StageKind.FILTER || stage.kind() == StageKind.FLAT_MAP
          || stage.kind() == StageKind.ROUTE);
    };
  }
}
