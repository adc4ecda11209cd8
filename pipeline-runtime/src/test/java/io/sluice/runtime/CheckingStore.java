package io.sluice.runtime;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * An in-memory store that checks, at every save, what a checkpoint promises: every record before
 * its positions has reached its fate. {@code missing} lists what is not done yet for a checkpoint;
 * anything it finds is kept as a violation. Opens {@link #saved} at the first save.
 */
final class CheckingStore implements CheckpointStore {
  private final CheckpointStore store = CheckpointStore.inMemory();
  private final Function<Checkpoint, List<String>> missing;
  final List<Checkpoint> saves = new CopyOnWriteArrayList<>();
  final List<String> violations = new CopyOnWriteArrayList<>();
  final CountDownLatch saved = new CountDownLatch(1);

  CheckingStore(Function<Checkpoint, List<String>> missing) {
    this.missing = missing;
  }

  @Override
  public Optional<Checkpoint> load() throws Exception {
    return store.load();
  }

  @Override
  public void save(Checkpoint checkpoint) throws Exception {
    violations.addAll(missing.apply(checkpoint));
    saves.add(checkpoint);
    store.save(checkpoint);
    saved.countDown();
  }

  @Override
  public void clear() throws Exception {
    store.clear();
  }
}
