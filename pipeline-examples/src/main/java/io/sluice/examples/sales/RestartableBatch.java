package io.sluice.examples.sales;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointReport;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Pipeline;
import io.sluice.connectors.csv.CsvRow;
import io.sluice.examples.console.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code batch} job with {@code --checkpoint DIR}: a run that fails or is killed
 * ({@code kill -9}) is started again with the same command and goes on from its last checkpoint,
 * and the tables end with every row saved exactly once. What makes it so:
 * <ul>
 *   <li>the checkpoint ({@code DIR/batch.checkpoint}, every second) holds the CSV position up to
 *       which every row reached its table, its dead letters or a filter;
 *   <li>the input and the database live in {@code DIR} (the generated CSV is written once; the
 *       database is {@code DIR/sales} unless {@code --db-file} is given) and a resumed run keeps
 *       their rows;
 *   <li>the sinks write by key ({@code MERGE ... KEY}), so the rows read again after the
 *       checkpoint replace themselves;
 *   <li>{@code dedupe} starts from the orders already saved, so a duplicate of one read before
 *       the restart is still turned away.
 * </ul>
 * A run that completes clears the checkpoint: the same command then starts the job anew.
 */
final class RestartableBatch {
  /** How often the job takes a checkpoint. */
  static final Duration INTERVAL = Duration.ofSeconds(1);
  /** The checkpoint file in the job's directory. */
  static final String CHECKPOINT_FILE = "batch.checkpoint";

  private RestartableBatch() {}

  /**
   * What a restartable run adds to the job.
   *
   * @param store where the checkpoint is kept
   * @param savedOrders the first line of each order saved by earlier runs (empty for a new job)
   */
  record Restart(CheckpointStore store, Map<String, Long> savedOrders) {
    Pipeline<CsvRow> checkpointed(Pipeline<CsvRow> job) {
      return job.withCheckpoints(store, INTERVAL);
    }

    Dedupe dedupe() {
      return new Dedupe(savedOrders);
    }
  }

  static BatchJob.Result run(BatchJob.Settings settings, Console console) throws Exception {
    Path dir = Files.createDirectories(settings.checkpointDir());
    CheckpointStore store = CheckpointStore.inFile(dir.resolve(CHECKPOINT_FILE));
    Optional<Checkpoint> last = store.load();
    Path dbFile = settings.dbFile() != null ? settings.dbFile() : dir.resolve("sales");
    try (SalesDatabase db = last.isPresent() ? SalesDatabase.kept(dbFile)
            : SalesDatabase.file(dbFile);
        SalesInput input = settings.rows() == 0 ? SalesInput.bundled()
            : SalesInput.kept(dir, settings.rows(), settings.seed())) {
      last.ifPresent(checkpoint -> console.printf("Resuming from %s", checkpoint));
      Map<String, Long> saved = last.isPresent() ? db.savedOrderLines() : Map.of();
      return BatchJob.run(settings, console, db, input, new Restart(store, saved));
    }
  }

  /** Prints what the run did about checkpoints. */
  static void print(Console console, CheckpointReport checkpoints) {
    console.println("Checkpoints:");
    console.printf("  resumed from   %s",
        checkpoints.resumedFrom().map(Checkpoint::toString).orElse("the beginning"));
    console.printf("  read again     %s", checkpoints.replayed().isPresent()
        ? String.format("%,d rows", checkpoints.replayed().getAsLong())
        : "unknown (the previous run was killed)");
    console.printf("  taken          %,d, the last %s", checkpoints.taken(),
        checkpoints.last().map(Checkpoint::toString).orElse("none"));
    console.printf("  stored         %s", checkpoints.stored().map(Checkpoint::toString)
        .orElse("nothing: the job completed, the same command starts it anew"));
    console.println();
  }
}
