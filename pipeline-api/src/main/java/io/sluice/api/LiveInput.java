package io.sluice.api;

/**
 * The entrance of a running live pipeline ({@link Pipeline#live}): callers push records into it
 * from any thread.
 *
 * @param <T> the type of the records accepted
 */
public interface LiveInput<T> {

  /**
   * Accepts a record, waiting while the first ring is full (backpressure). Once this returns, the
   * record will reach the end of the pipeline unless the run fails or is cancelled; {@code close()}
   * drains it.
   *
   * @param record the record; never {@code null}
   * @throws InterruptedException if the thread is interrupted while waiting; the record was not
   *     accepted
   * @throws NullPointerException if {@code record} is {@code null}
   * @throws IllegalStateException if the input was completed, the pipeline closed, or the run has
   *     ended; the message says which
   */
  void push(T record) throws InterruptedException;

  /**
   * Accepts a record only if the first ring has room now.
   *
   * @param record the record; never {@code null}
   * @return {@code true} if accepted, {@code false} if the ring was full
   * @throws NullPointerException if {@code record} is {@code null}
   * @throws IllegalStateException if the input was completed, the pipeline closed, or the run has
   *     ended; the message says which
   */
  boolean tryPush(T record);

  /**
   * Ends the input: records already accepted flow to the end, batches are flushed with reason
   * {@link FlushReason#END_OF_STREAM}, and the run completes. Calling it again has no effect.
   */
  void complete();
}
