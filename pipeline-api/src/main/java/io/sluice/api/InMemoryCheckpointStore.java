package io.sluice.api;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The store of {@link CheckpointStore#inMemory()}: one reference, safe from any thread. */
final class InMemoryCheckpointStore implements CheckpointStore {
  private final AtomicReference<Checkpoint> last = new AtomicReference<>();

  @Override
  public Optional<Checkpoint> load() {
    return Optional.ofNullable(last.get());
  }

  @Override
  public void save(Checkpoint checkpoint) {
    last.set(Checks.notNull(checkpoint, "checkpoint"));
  }

  @Override
  public void clear() {
    last.set(null);
  }

  @Override
  public String toString() {
    return "in-memory checkpoint store";
  }
}
