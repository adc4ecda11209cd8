package io.sluice.api;

import java.util.List;
import java.util.RandomAccess;

/**
 * A step of a pipeline that turns each input record into zero or more output records.
 *
 * <p>A stage is written once and runs under any {@link Dispatch}: with {@link Dispatch#perRecord()}
 * the runtime calls {@link #process} for each record as soon as it arrives; with a batched dispatch it
 * calls {@link #processBatch}, whose default implementation calls {@link #process} for each record of
 * the batch. A stage that gains from batches (a JDBC {@code executeBatch}, a bulk HTTP call) overrides
 * {@link #processBatch}.
 *
 * <p>Lifecycle: {@link #open} is called once before the first record, {@link #close} once after the
 * last, both on the thread that runs the stage; {@code close} runs even when the run failed or
 * {@code open} threw, so a stage can release what it acquired. A runner may call the methods of one
 * instance from one thread at a time only; a stage needs no synchronisation of its own.
 *
 * @param <I> the type of the records the stage receives
 * @param <O> the type of the records the stage emits
 */
@FunctionalInterface
public interface Stage<I, O> {

  /**
   * Prepares the stage for a run, before any record arrives. The default does nothing.
   *
   * @param context the pipeline and stage this instance runs in
   * @throws Exception if the stage cannot start; the run then fails
   */
  default void open(StageContext context) throws Exception {}

  /**
   * Processes one record, emitting zero or more records.
   *
   * <p>If the stage's {@link ErrorPolicy} retries, a call that threw is made again with the same
   * record; records emitted before the throw have already been passed on, so a stage under a retry
   * policy should emit only after the work that can fail.
   *
   * @param record the record; never {@code null}
   * @param out where to emit results; valid only during this call and on this thread (emitting
   *     later, or from another thread, throws {@link IllegalStateException} and fails the run)
   * @throws Exception to fail this record; the stage's error policy decides what follows
   */
  void process(I record, Emitter<O> out) throws Exception;

  /**
   * Processes a batch of records, emitting zero or more records. The default calls {@link #process}
   * for each record in order.
   *
   * <p>The list is read-only, never empty, and valid only during this call: the runtime reuses it
   * for the next batch, so copy it to keep it.
   *
   * <p><b>When it throws.</b> Under an {@link ErrorPolicy} other than fail-fast, a batch whose call
   * threw is called again: whole, as often as the policy retries, and then (when the policy skips
   * or dead-letters) split in halves, recursively, so that only the records that fail on their own
   * take the policy and the others are processed, in order. This needs a call that throws to have
   * had <em>no visible effect</em>, as when it rolls back a transaction. Records emitted during a
   * call that throws are discarded by the runtime (it holds them until the call returns), so they
   * are never passed on twice. A stage whose failed batches must not be split returns
   * {@code false} from {@link #allowsBatchSplitting()}.
   *
   * <p><b>Per-record failures.</b> A call that succeeded for some records and failed for others
   * (a bulk API's item errors) throws {@link BatchRecordsFailedException} listing the failed
   * records by index: only they take the error policy, with their own causes, and are never split;
   * the others count as passed on (or filtered), and what the call emitted is passed on.
   *
   * <p>A stage that does not override this method is driven per record even under a batched
   * dispatch (the runtime calls {@link #process} for each record of the batch, as this default
   * would), so a failure is pinned on its record at once and no record is processed twice.
   *
   * @param batch the records of the batch, in arrival order
   * @param out where to emit results; valid only during this call
   * @throws Exception to fail the batch; the stage's error policy decides what follows
   */
  default void processBatch(List<I> batch, Emitter<O> out) throws Exception {
    if (batch instanceof RandomAccess) {
      // an index loop allocates no iterator: the runtime's batches are random-access views
      for (int i = 0, n = batch.size(); i < n; i++) {
        process(batch.get(i), out);
      }
    } else {
      for (I record : batch) {
        process(record, out);
      }
    }
  }

  /**
   * Tells whether the runtime may split a failed batch in parts and call {@link #processBatch}
   * with each, to isolate the records that fail. The default is {@code true}; return {@code false}
   * if {@code processBatch} can leave partial effects when it throws (writes that are not rolled
   * back) or needs its batch whole. The whole failed batch then takes the error policy: it is
   * retried whole, and then every record of it is skipped or dead-lettered, or the run fails.
   *
   * @return {@code true} if failed batches may be split
   */
  default boolean allowsBatchSplitting() {
    return true;
  }

  /**
   * Tells whether one instance of this stage may be called by several threads at once: only then
   * may a stage given as a shared instance (not a factory) run {@code parallel(...)}. The default
   * says no; stateless function stages ({@code map}, {@code filter}...) say yes.
   *
   * @return {@code true} if the instance is thread-safe
   */
  default boolean threadSafe() {
    return false;
  }

  /**
   * Tells whether {@link #processBatch} is worth calling with whole batches. Under a batched
   * dispatch, every runner calls a stage that handles batches with whole batches and any other
   * stage once per record of each batch, so that a failure lands on its record and a filtering
   * stage counts what it filtered. The default answers whether the stage's class overrides
   * {@code processBatch}; a wrapper that delegates both calls to another stage returns that
   * stage's answer.
   *
   * @return {@code true} if batches go to {@link #processBatch} whole
   */
  default boolean handlesBatches() {
    return BatchCapability.ofStage(getClass());
  }

  /**
   * Releases what the stage holds, after its last record (or after a failure). The default does
   * nothing.
   *
   * @throws Exception if releasing fails; the failure is reported, never lost
   */
  default void close() throws Exception {}
}
