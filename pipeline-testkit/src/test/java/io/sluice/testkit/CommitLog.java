package io.sluice.testkit;

import io.sluice.api.Sink;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink for checkpoint tests on the deterministic runner: notes each write ({@code write x}) and
 * each checkpoint it is told of ({@code commit n}) in one list, in the order they happened.
 */
final class CommitLog<T> implements Sink<T> {
  private final List<String> events = new ArrayList<>();

  @Override
  public void write(T record) {
    events.add("write " + record);
  }

  @Override
  public void onCheckpoint(long checkpointId) {
    events.add("commit " + checkpointId);
  }

  /** The writes and commits so far; the live list. */
  List<String> events() {
    return events;
  }
}
