package io.sluice.runtime.engine;

import io.sluice.api.AsyncStage;
import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The stage of an {@link AsyncNode}'s failure steps: its first call rethrows the failure the node
 * hands over (so the step's error policy takes it as it takes any failure); its later calls
 * (retries, the halves of a split batch) call the async stage again and wait for the answer, with
 * the stage's timeout.
 */
final class AsyncRetrier implements Stage<Object, Object> {
  private final AsyncStage<Object, Object> stage;
  private final String name;
  private final long timeoutNanos;
  private boolean waitForCalls = true;
  private Throwable first;

  AsyncRetrier(AsyncStage<Object, Object> stage, String name, long timeoutNanos) {
    this.stage = stage;
    this.name = name;
    this.timeoutNanos = timeoutNanos;
  }

  /** Sets the failure the next call rethrows ({@code null}: none). */
  void failFirstWith(Throwable failure) {
    this.first = failure;
  }

  /** Says whether a call may wait for its answer (not on a runner with one thread). */
  void waitForCalls(boolean wait) {
    this.waitForCalls = wait;
  }

  @Override
  public void process(Object record, Emitter<Object> out) throws Exception {
    rethrowFirst();
    Object value = await(stage.call(record));
    if (value != null) {
      out.emit(value);
    }
  }

  @Override
  public void processBatch(List<Object> batch, Emitter<Object> out) throws Exception {
    rethrowFirst();
    List<?> values = (List<?>) await(stage.callBatch(List.copyOf(batch)));
    for (Object value : values == null ? List.of() : values) {
      if (value != null) {
        out.emit(value);
      }
    }
  }

  private void rethrowFirst() throws Exception {
    Throwable failure = first;
    if (failure != null) {
      first = null;
      if (failure instanceof Exception e) {
        throw e;
      }
      throw (Error) failure;
    }
  }

  private Object await(CompletionStage<?> answer) throws Exception {
    if (answer == null) {
      throw new NullPointerException("async stage '" + name + "' returned null");
    }
    CompletableFuture<?> future = answer.toCompletableFuture();
    if (!waitForCalls && !future.isDone()) {
      throw new IllegalStateException("async stage '" + name + "': the deterministic runner "
          + "cannot wait for a call made by a retry or a batch split; answer such calls at once "
          + "(e.g. TestAsyncStage.answering(...))");
    }
    try {
      return timeoutNanos > 0 ? future.get(timeoutNanos, TimeUnit.NANOSECONDS) : future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    }
  }

  @Override
  public boolean handlesBatches() {
    return true;
  }

  @Override
  public boolean allowsBatchSplitting() {
    return stage.allowsBatchSplitting();
  }
}
