package io.sluice.testkit;

/**
 * The two rules a deterministic run keeps: it belongs to the thread that started it, and a stage it
 * is calling must not push to it, advance its clock or end it, since the run is in the middle of
 * that stage's call. The run marks each stretch of calls into its stages with {@link #during}.
 */
final class CallGuard {
  private final String pipelineName;
  private final Thread owner = Thread.currentThread();
  private boolean busy;

  /** A guard for a run of the named pipeline, owned by the calling thread. */
  CallGuard(String pipelineName) {
    this.pipelineName = pipelineName;
  }

  /** Whether the run is calling its stages now: a call made now comes from one of them. */
  boolean busy() {
    return busy;
  }

  /** Whether the calling thread is the one the run belongs to. */
  boolean onOwner() {
    return Thread.currentThread() == owner;
  }

  /** Runs {@code calls} marked as calls into the stages; nested marks restore the outer one. */
  void during(Runnable calls) {
    boolean wasBusy = busy;
    busy = true;
    try {
      calls.run();
    } finally {
      busy = wasBusy;
    }
  }

  /** Rejects {@code action} from inside a stage. */
  void requireNotBusy(String action) {
    if (busy) {
      throw new IllegalStateException("cannot " + action + " deterministic run of pipeline '"
          + pipelineName + "' from inside one of its stages");
    }
  }

  /** Rejects {@code action} from any thread but the run's. */
  void checkOwner(String action) {
    if (!onOwner()) {
      throw new IllegalStateException("deterministic run of pipeline '" + pipelineName
          + "' belongs to thread '" + owner.getName() + "'; cannot " + action + " from thread '"
          + Thread.currentThread().getName() + "'");
    }
  }
}
