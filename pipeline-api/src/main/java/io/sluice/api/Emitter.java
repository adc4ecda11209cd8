package io.sluice.api;

/**
 * Passes records on to the next stage of a pipeline.
 *
 * <p>An emitter is handed to {@link Stage#process} and {@link Stage#processBatch} and is valid only
 * for the duration of that call, on the thread that made it. Records emitted leave the stage in the
 * order they were emitted.
 *
 * @param <T> the type of the records emitted
 */
@FunctionalInterface
public interface Emitter<T> {

  /**
   * Passes one record on. May block while the next stage's ring is full (backpressure).
   *
   * @param record the record; never {@code null}
   * @throws NullPointerException if {@code record} is {@code null}
   * @throws IllegalStateException if called after the call that received this emitter returned,
   *     or from another thread (the run then fails too)
   */
  void emit(T record);
}
