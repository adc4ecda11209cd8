package io.sluice.testkit;

import io.sluice.api.LiveInput;
import java.util.Objects;

/**
 * The live input of a {@link DeterministicRun}: a push carries the record through every stage on
 * the calling thread before it returns, so it never waits and {@link #tryPush} always accepts.
 */
final class DeterministicInput<T> implements LiveInput<T> {
  private final RunDriver run;
  private final String stageName;
  private final Class<T> type;

  DeterministicInput(RunDriver run, String stageName, Class<T> type) {
    this.run = run;
    this.stageName = stageName;
    this.type = type;
  }

  @Override
  public void push(T record) {
    Objects.requireNonNull(record, () -> "live input '" + stageName + "' cannot take null");
    if (!type.isInstance(record)) {
      throw new ClassCastException("live input '" + stageName + "' takes " + type.getName()
          + ", not " + record.getClass().getName());
    }
    if (run.report() != null) {
      throw new IllegalStateException("pipeline '" + run.name() + "' has ended; live input '"
          + stageName + "' takes no more records");
    }
    run.acceptLive(record);
  }

  @Override
  public boolean tryPush(T record) {
    push(record);
    return true;
  }

  @Override
  public void complete() {
    run.completeInput();
  }

  @Override
  public void fail(Throwable cause) {
    run.failInput(java.util.Objects.requireNonNull(cause, "cause"));
  }

  @Override
  public String toString() {
    return "live input '" + stageName + "' of " + run;
  }
}
