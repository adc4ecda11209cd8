package io.sluice.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a run with {@linkplain Pipeline#withCheckpoints checkpoints} keeps its last completed
 * checkpoint, and where the next run of the blueprint finds it. One store serves one job: two
 * pipelines sharing a store would resume from each other's positions.
 *
 * <p>Ready-made stores: {@link #inMemory()} (tests), {@link #inFile(Path)}; the JDBC connectors
 * add a table store. A store is called from one run thread at a time, rarely (once per checkpoint
 * interval at most), and must make {@link #save} atomic: a reader finds the old checkpoint or the
 * new one, never a mix, even if the process dies in between.
 */
public interface CheckpointStore {

  /**
   * Returns the last checkpoint saved, if any.
   *
   * @return the checkpoint, or empty if none was saved or the store was cleared
   * @throws Exception if the store cannot be read; the run then does not start
   */
  Optional<Checkpoint> load() throws Exception;

  /**
   * Replaces the stored checkpoint, atomically.
   *
   * @param checkpoint the checkpoint; never {@code null}
   * @throws Exception if it cannot be saved; the run then fails, keeping the previous one
   */
  void save(Checkpoint checkpoint) throws Exception;

  /**
   * Forgets the stored checkpoint: the next run starts from the beginning. Called when a run
   * completes (its input ended and everything reached its fate).
   *
   * @throws Exception if the store cannot be changed
   */
  void clear() throws Exception;

  /**
   * Returns a store that keeps the checkpoint in memory, for tests and for restarts within one
   * JVM.
   *
   * @return a new, empty store
   */
  static CheckpointStore inMemory() {
    return new InMemoryCheckpointStore();
  }

  /**
   * Returns a store that keeps the checkpoint in a file as text ({@link Checkpoint#toText()}),
   * written to a temporary file beside it and moved over it atomically, so a killed process
   * leaves the old checkpoint or the new one. The directory is created when the first checkpoint
   * is saved.
   *
   * @param file the file
   * @return the store
   * @throws NullPointerException if {@code file} is {@code null}
   */
  static CheckpointStore inFile(Path file) {
    return new FileCheckpointStore(Checks.notNull(file, "checkpoint file"));
  }
}
