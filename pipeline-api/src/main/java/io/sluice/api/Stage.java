package io.sluice.api;

import java.util.List;

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
   * @param record the record; never {@code null}
   * @param out where to emit results; valid only during this call
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
   * @param batch the records of the batch, in arrival order
   * @param out where to emit results; valid only during this call
   * @throws Exception to fail the batch; the stage's error policy decides what follows
   */
  default void processBatch(List<I> batch, Emitter<O> out) throws Exception {
    for (I record : batch) {
      process(record, out);
    }
  }

  /**
   * Releases what the stage holds, after its last record (or after a failure). The default does
   * nothing.
   *
   * @throws Exception if releasing fails; the failure is reported, never lost
   */
  default void close() throws Exception {}
}
