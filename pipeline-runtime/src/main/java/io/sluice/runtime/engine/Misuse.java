package io.sluice.runtime.engine;

/**
 * The error for an emitter used outside the call that received it, or from another thread. It is
 * also recorded as the run's failure: the record would otherwise be lost without a trace (the
 * offending thread may well swallow the exception).
 */
final class Misuse {
  private Misuse() {}

  /**
   * Builds the error and fails the run with it.
   *
   * @param what "stage" or "source"
   * @param name the stage's name
   * @param call "process or processBatch call" or "poll"
   * @param inCall whether a call of the stage is under way
   * @param owner the thread the stage runs on
   * @param control the run
   * @return the exception to throw at the offending thread
   */
  static IllegalStateException ofEmitter(String what, String name, String call, boolean inCall,
      Thread owner, RunControl control) {
    String when = !inCall ? "after the " + call + " that received its emitter had returned"
        : "from thread '" + Thread.currentThread().getName() + "' while the " + what + " runs on '"
            + (owner == null ? "?" : owner.getName()) + "'";
    IllegalStateException e = new IllegalStateException(what + " '" + name + "' of pipeline '"
        + control.pipelineName() + "' emitted " + when + ": an emitter may be used only during the "
        + call + " that received it, on that call's thread");
    control.fail(name, null, null, e);
    return e;
  }
}
