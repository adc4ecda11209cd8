package io.sluice.api;

import java.util.List;
import java.util.RandomAccess;

/**
 * The last step of a pipeline: consumes records and emits nothing.
 *
 * <p>A sink has the shape of a {@link Stage} without an emitter: {@link #write} is called per record
 * under {@link Dispatch#perRecord()}, {@link #writeBatch} per batch under a batched dispatch, and the
 * default {@code writeBatch} calls {@code write} for each record. Lifecycle and threading are those of
 * a stage.
 *
 * @param <T> the type of the records consumed
 */
@FunctionalInterface
public interface Sink<T> {

  /**
   * Prepares the sink for a run. The default does nothing.
   *
   * @param context the pipeline and stage this instance runs in
   * @throws Exception if the sink cannot start; the run then fails
   */
  default void open(StageContext context) throws Exception {}

  /**
   * Consumes one record.
   *
   * @param record the record; never {@code null}
   * @throws Exception to fail this record; the sink's error policy decides what follows
   */
  void write(T record) throws Exception;

  /**
   * Consumes a batch of records; the default calls {@link #write} for each in order. The list is
   * read-only, never empty, and valid only during this call.
   *
   * <p>When it throws under an {@link ErrorPolicy} other than fail-fast, the batch is retried and
   * split as described for {@link Stage#processBatch}: a call that throws must have written
   * nothing (roll back), or the sink must return {@code false} from
   * {@link #allowsBatchSplitting()}. A sink that does not override this method is driven per
   * record, so a failure is pinned on its record and nothing is written twice.
   *
   * <p>A call that wrote some records and not others (a JDBC batch's update counts, a bulk
   * request's item errors) throws {@link BatchRecordsFailedException} listing the records it could
   * not write by index: only they take the error policy, with their own causes and no split; the
   * others count as written.
   *
   * @param batch the records, in arrival order
   * @throws BatchRecordsFailedException to say which records failed, the others being written
   * @throws Exception to fail the batch; the sink's error policy decides what follows
   */
  default void writeBatch(List<T> batch) throws Exception {
    if (batch instanceof RandomAccess) {
      // an index loop allocates no iterator: the runtime's batches are random-access views
      for (int i = 0, n = batch.size(); i < n; i++) {
        write(batch.get(i));
      }
    } else {
      for (T record : batch) {
        write(record);
      }
    }
  }

  /**
   * Tells whether the runtime may split a failed batch and call {@link #writeBatch} with its
   * parts; see {@link Stage#allowsBatchSplitting()}. The default is {@code true}.
   *
   * @return {@code true} if failed batches may be split
   */
  default boolean allowsBatchSplitting() {
    return true;
  }

  /**
   * Tells whether {@link #writeBatch} is worth calling with whole batches; see
   * {@link Stage#handlesBatches()}. The default answers whether the sink's class overrides
   * {@code writeBatch}; a wrapper that delegates to another sink returns that sink's answer.
   *
   * @return {@code true} if batches go to {@link #writeBatch} whole
   */
  default boolean handlesBatches() {
    return BatchCapability.ofSink(getClass());
  }

  /**
   * Tells whether one instance of this sink may be called by several threads at once: only then
   * may a sink (always given as one instance) run {@code parallel(...)}. The default says no.
   *
   * @return {@code true} if the instance is thread-safe
   */
  default boolean threadSafe() {
    return false;
  }

  /**
   * Makes durable everything written so far, for a checkpoint (see
   * {@link Pipeline#withCheckpoints}): called on the sink's thread once every record before the
   * checkpoint's barrier has been handed to {@link #write}/{@link #writeBatch} (a pending batch is
   * flushed first, reason {@link FlushReason#CHECKPOINT}). A sink that buffers or holds a
   * transaction open flushes or commits here, so that the checkpoint counts its records as
   * written; once it returns, the runner may record that the input need not be read again up to
   * the checkpoint. The default does nothing: right for a sink whose every call already commits.
   *
   * <p>A parallel sink given as one thread-safe instance is called once per checkpoint, on the
   * stage's own thread, once every worker flushed (its workers may be writing records after the
   * barrier meanwhile); given as a factory, each worker's instance is called on that worker's
   * thread once it flushed.
   *
   * @param checkpointId the checkpoint's number in this run
   * @throws Exception if the records cannot be made durable; the run then fails and the
   *     checkpoint is not completed
   */
  default void onCheckpoint(long checkpointId) throws Exception {}

  /**
   * Releases what the sink holds, after its last record or a failure. The default does nothing.
   *
   * @throws Exception if releasing fails; the failure is reported, never lost
   */
  default void close() throws Exception {}
}
