package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import java.util.List;
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
}
