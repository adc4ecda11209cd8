package io.sluice.runtime;

import io.sluice.api.Emitter;
import io.sluice.api.Source;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A source the test feeds: each poll emits every group offered so far (a group in one poll, hence
 * in one hand-off), and the source ends once the test calls {@link #end()} and all is emitted.
 */
final class QueueSource<T> implements Source<T> {
  private final ConcurrentLinkedQueue<List<T>> groups = new ConcurrentLinkedQueue<>();
  private volatile boolean ended;

  @SafeVarargs
  final void offer(T... records) {
    groups.add(List.of(records));
  }

  void end() {
    ended = true;
  }

  @Override
  public boolean poll(Emitter<T> out) {
    boolean wasEnded = ended;
    for (List<T> group = groups.poll(); group != null; group = groups.poll()) {
      group.forEach(out::emit);
    }
    return !(wasEnded && groups.isEmpty());
  }
}
