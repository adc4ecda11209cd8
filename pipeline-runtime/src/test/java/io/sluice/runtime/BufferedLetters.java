package io.sluice.runtime;

import io.sluice.api.DeadLetter;
import io.sluice.api.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dead-letter sink that buffers like a transaction: what it is given becomes visible
 * ({@link #committed}) only at {@code onCheckpoint}, or at {@code close} unless the test says the
 * process dies ({@link #loseOnClose}), so a letter a checkpoint did not commit is lost.
 */
final class BufferedLetters implements Sink<DeadLetter> {
  final Set<Object> committed = ConcurrentHashMap.newKeySet();
  final List<Long> commits = new ArrayList<>();
  volatile boolean loseOnClose;
  private final List<Object> pending = new ArrayList<>();

  @Override
  public synchronized void write(DeadLetter letter) {
    pending.add(letter.record());
  }

  @Override
  public synchronized void onCheckpoint(long checkpointId) {
    committed.addAll(pending);
    pending.clear();
    commits.add(checkpointId);
  }

  @Override
  public synchronized void close() {
    if (!loseOnClose) {
      committed.addAll(pending);
    }
    pending.clear();
  }

  @Override
  public String toString() {
    return "buffered letters";
  }
}
