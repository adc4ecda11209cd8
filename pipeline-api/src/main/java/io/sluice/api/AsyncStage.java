package io.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A stage for I/O-bound work that answers later: each call returns a {@link CompletionStage}
 * instead of blocking, so one thread keeps many calls in flight (a non-blocking HTTP client, an
 * async database driver). Added with {@code stageAsync(name, factory, Async.ordered(16))} or
 * {@code mapAsync(...)}; the {@link Async} setting bounds the calls in flight and says whether
 * outputs keep input order.
 *
 * <p>Under {@code Dispatch.perRecord()} the runner calls {@link #call} per record; under a batched
 * dispatch it calls {@link #callBatch} per batch, with up to {@link Async#maxInFlight()} batches
 * in flight. A call that throws, a stage that completes exceptionally, or a call past its
 * {@linkplain Async#withTimeout timeout} is a failure like any other: the stage's
 * {@link ErrorPolicy} takes it (a retry calls again; a failed batch is retried whole, then split
 * when the policy skips or dead-letters). A {@code null} result emits nothing: the record counts
 * as filtered.
 *
 * <p>The runner calls {@code open}, {@code call}, {@code callBatch} and {@code close} from one
 * thread at a time; completions may come from any thread.
 *
 * @param <I> input record type
 * @param <O> output record type
 */
public interface AsyncStage<I, O> {
  /**
   * Prepares the stage before its first call. The default does nothing.
   *
   * @param context the stage's name, dispatch and clock
   * @throws Exception if the stage cannot start; the run fails naming the stage
   */
  default void open(StageContext context) throws Exception {}

  /**
   * Starts the work for one record.
   *
   * @param record the record
   * @return completes with the output, or with {@code null} for none; never {@code null} itself
   * @throws Exception if the call cannot even start; taken as the record's failure
   */
  CompletionStage<O> call(I record) throws Exception;

  /**
   * Starts the work for one batch. The default calls {@link #call} for each record and completes
   * when all have, with the non-null results in input order; override it for a bulk API.
   *
   * @param batch the batch, the stage's to keep (a copy the runner does not reuse)
   * @return completes with the outputs of the batch, in any number; never {@code null} itself
   * @throws Exception if the call cannot even start; taken as the batch's failure
   */
  default CompletionStage<List<O>> callBatch(List<I> batch) throws Exception {
    List<CompletableFuture<O>> calls = new ArrayList<>(batch.size());
    for (I record : batch) {
      calls.add(Objects.requireNonNull(call(record), "call returned null").toCompletableFuture());
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<O> out = new ArrayList<>(calls.size());
      for (CompletableFuture<O> each : calls) {
        O value = each.join();
        if (value != null) {
          out.add(value);
        }
      }
      return out;
    });
  }

  /**
   * Tells whether a failed batch may be split to isolate the records that fail (see
   * {@link Stage#allowsBatchSplitting()}). The default allows it.
   *
   * @return {@code true} if failed batches may be split
   */
  default boolean allowsBatchSplitting() {
    return true;
  }

  /**
   * Releases what the stage holds, after its last call completed (or after a failure). The
   * default does nothing.
   *
   * @throws Exception if releasing fails; the failure is reported, never lost
   */
  default void close() throws Exception {}
}
