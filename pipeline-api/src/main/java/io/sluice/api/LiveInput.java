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

  /**
   * Fails the run on behalf of whatever feeds this input, for an upstream that reports an error
   * instead of more records (a {@code Flow.Subscriber}'s {@code onError}, a broken connection):
   * the input takes no more records, what it accepted before drains to its fate (partial batches
   * flushed with {@link FlushReason#DRAIN}), and the run ends {@link PipelineReport.Outcome#FAILED}
   * with a {@link StageFailedException} naming this input and caused by {@code cause}. Has no
   * effect once the input was completed or the run ended, or after an earlier failure (the first
   * one is the run's).
   *
   * @param cause why the feed failed
   * @throws NullPointerException if {@code cause} is {@code null}
   * @throws UnsupportedOperationException if this input cannot fail its run (the default)
   */
  default void fail(Throwable cause) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot fail its run");
  }
}
