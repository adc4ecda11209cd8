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

  /**
   * Passes one record on if that can be done without waiting for room downstream, else passes
   * nothing and returns {@code false}: what a {@link Source} whose input must keep being polled
   * while the pipeline is full (a Kafka consumer must poll within {@code max.poll.interval.ms})
   * uses instead of a blocking {@link #emit(Object)}. It keeps the records refused and offers
   * them again, in order, at a later poll. A record accepted may still make a stage fused onto
   * the source's thread wait, if that stage emits more records than there is room for; that wait
   * is bounded by what the stage emits for one record.
   *
   * <p>The default passes the record on with {@link #emit(Object)} and returns {@code true}, so
   * emitters that never block (the deterministic runner's) and those written before this method
   * keep working; the local runner's source emitter refuses while the next ring is full.
   *
   * @param record the record; never {@code null}
   * @return {@code true} if the record was passed on, {@code false} if it was not (no room)
   * @throws NullPointerException if {@code record} is {@code null}
   * @throws IllegalStateException as {@link #emit(Object)}
   */
  default boolean tryEmit(T record) {
    emit(record);
    return true;
  }

  /**
   * Passes one record on to a {@linkplain SideOutput side output} of the stage instead of its main
   * output. May block like {@link #emit(Object)}. Records emitted to one output keep their order;
   * nothing orders them against records emitted to another.
   *
   * @param output the side output, connected in the blueprint
   * @param record the record; never {@code null}
   * @param <X> the side output's record type
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the blueprint connects nothing to {@code output} for this
   *     stage (the default, for an emitter with no side outputs)
   * @throws IllegalStateException as {@link #emit(Object)}
   */
  default <X> void emit(SideOutput<X> output, X record) {
    if (output == null || record == null) {
      throw new NullPointerException(output == null ? "side output must not be null"
          : "record emitted to " + output + " must not be null");
    }
    throw new IllegalArgumentException("nothing is connected to side output '" + output.name()
        + "' of this stage");
  }
}
