package io.sluice.runtime.engine;

import java.util.List;

/**
 * What one worker of a concurrent node finished in one go (a record under per-record dispatch, a
 * batch, an async call): the sequence numbers of the inputs whose fate is now settled and what
 * their calls emitted, as {@code (port, record)} pairs in emit order ({@code port} is
 * {@code null} for the main output). Made on the worker's thread, released on the node's.
 *
 * @param lane the worker
 * @param seqs the inputs settled, in input order within the worker
 * @param outputs port and record, alternating
 * @param batchSize records in the call, for the node's batch-size meter; 0 if no call was made
 * @param nanos how long the call took, for the node's processing-time meter
 * @param epoch how many checkpoint barriers the worker had passed when it settled these inputs:
 *     the node holds the result back while a barrier before it is still inside the node
 * @param barrier the barrier the worker passed right after these inputs, or {@code null}
 * @param kept whether the worker could not pass {@code barrier} (its step failed)
 */
record LaneResult(int lane, long[] seqs, List<Object> outputs, int batchSize, long nanos,
    long epoch, Barrier barrier, boolean kept) {
  /** Tells whether this result settles no input (a flush that found nothing). */
  boolean isEmpty() {
    return seqs.length == 0 && outputs.isEmpty();
  }
}
