package io.sluice.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AsyncStage} with its {@link Async} setting, in the shape of an ordinary {@link Stage}:
 * what the DSL's {@code stageAsync} puts in the graph. A runner that knows async stages takes
 * {@link #asyncStage()} and {@link #async()} and keeps many calls in flight; any other runner can
 * call it as a stage, and then waits for each call in turn (one call in flight, the timeout
 * applied on the system clock). Immutable apart from the stage it wraps.
 *
 * @param <I> input record type
 * @param <O> output record type
 */
public final class SerialAsyncStage<I, O> implements Stage<I, O> {
  private final AsyncStage<I, O> stage;
  private final Async async;

  /**
   * Wraps an async stage.
   *
   * @param stage the async stage
   * @param async its setting
   * @throws NullPointerException if either is {@code null}
   */
  public SerialAsyncStage(AsyncStage<I, O> stage, Async async) {
    this.stage = Checks.notNull(stage, "async stage");
    this.async = Checks.notNull(async, "async setting");
  }

  /**
   * Returns the async stage.
   *
   * @return the wrapped stage
   */
  public AsyncStage<I, O> asyncStage() {
    return stage;
  }

  /**
   * Returns the setting: calls in flight, order, timeout.
   *
   * @return the setting
   */
  public Async async() {
    return async;
  }

  @Override
  public void open(StageContext context) throws Exception {
    stage.open(context);
  }

  @Override
  public void process(I record, Emitter<O> out) throws Exception {
    O result = await(stage.call(record));
    if (result != null) {
      out.emit(result);
    }
  }

  @Override
  public void processBatch(List<I> batch, Emitter<O> out) throws Exception {
    for (O result : await(stage.callBatch(List.copyOf(batch)))) {
      out.emit(result);
    }
  }

  private <X> X await(java.util.concurrent.CompletionStage<X> call) throws Exception {
    CompletableFuture<X> future = Objects.requireNonNull(call, "async call returned null")
        .toCompletableFuture();
    try {
      Duration limit = async.timeout().orElse(null);
      return limit == null ? future.get() : future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
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

  @Override
  public void close() throws Exception {
    stage.close();
  }

  @Override
  public String toString() {
    return DisplayNames.of(stage);
  }
}
