package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import io.sluice.api.AsyncStage;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;

/**
 * One call of an async node: the record (or batch) it carries and how it ended. Its
 * {@link #result} completes once, with the stage's answer, its failure or a timeout, whichever
 * comes first; a late answer is ignored.
 */
final class AsyncCall {
  final List<Object> records;
  final boolean batch;
  final FlushReason reason;
  /** The call's number in start order, for the checkpoint barriers ({@link AsyncBarriers}). */
  long seq;
  final CompletableFuture<Object> result = new CompletableFuture<>();
  long deadline = Long.MAX_VALUE;
  long startNanos;
  boolean started;
  /** Set on the node's thread once the completion was taken from the queue. */
  boolean done;

  AsyncCall(List<Object> records, boolean batch, FlushReason reason) {
    this.records = records;
    this.batch = batch;
    this.reason = reason;
  }

  /**
   * Calls the stage with this call's record or batch, completing {@link #result} with its answer
   * or failure; a stage that throws or returns {@code null} fails the call like any other.
   */
  void callOn(AsyncStage<Object, Object> stage, String stageName) {
    try {
      CompletionStage<?> answer = batch ? stage.callBatch(records) : stage.call(records.get(0));
      if (answer == null) {
        throw new NullPointerException("async stage '" + stageName + "' returned null, not a "
            + "CompletionStage");
      }
      answer.whenComplete((value, failure) -> {
        if (failure != null) {
          result.completeExceptionally(unwrap(failure));
        } else {
          result.complete(value);
        }
      });
    } catch (Throwable e) {
      result.completeExceptionally(e); // could not even start: a failure like any other
    }
  }

  /** The failure a {@code CompletionException} wraps, or the failure itself. */
  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }
}
