package io.sluice.runtime.engine;

import io.sluice.api.Stage;

/**
 * Opening and closing one step's stage, and letting go of its dead-letter sink: a failing open
 * fails the run (unless a cancel interrupted it), a failing close is recorded without stopping the
 * other stages, and only the first close does anything. Used by the step's thread.
 */
final class StageLifecycle {
  private final String name;
  private final RunControl control;
  private final Recovery recovery;
  /** Whether the stage's open was called, so that close calls the stage's close. */
  private boolean opened;
  private boolean closed;

  StageLifecycle(String name, RunControl control, Recovery recovery) {
    this.name = name;
    this.control = control;
    this.recovery = recovery;
  }

  /** Opens the stage; returns {@code false} if its open threw (the failure is recorded). */
  boolean open(Stage<Object, Object> stage, Context context) {
    opened = true;
    try {
      stage.open(context);
      return true;
    } catch (Throwable e) {
      if (!control.isStopped()) { // else a cancel interrupted the open: not a failure
        recovery.fail(null, null, 0, e, null);
      }
      return false;
    }
  }

  /** Closes the stage if it was opened, then lets go of the dead-letter sink; once. */
  void close(Stage<Object, Object> stage) {
    if (closed) {
      return;
    }
    closed = true;
    if (control.isStopped()) {
      Thread.interrupted(); // a cancel's interrupt must not break the close; a deadline repeats it
    }
    if (opened) {
      try {
        stage.close();
      } catch (Throwable e) {
        control.closeFailed(name, e, null);
      }
    }
    recovery.release();
  }
}
