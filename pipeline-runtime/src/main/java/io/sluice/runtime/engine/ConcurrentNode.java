package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;

/**
 * A node whose stage runs concurrently: parallel workers ({@link ParallelNode}) or async calls in
 * flight ({@link AsyncNode}). The run plan keeps one per such node beside the node's summary
 * {@link Step}, which carries the node's connections downstream and its rolled-up counts, so
 * reports, snapshots and the accounting check read it like any other step.
 *
 * <p>The methods here drive the node <em>inline</em>, every call on the caller's thread: how the
 * deterministic runner runs it. The local runner instead gives the node threads of its own
 * ({@link ConcurrentSchedule}).
 */
public interface ConcurrentNode {
  /**
   * Returns the node's stage name.
   *
   * @return the name
   */
  String name();

  /** Opens the node's stage instances on the calling thread. */
  void open();

  /**
   * Returns the emitter that hands an edge's records to the node on the calling thread.
   *
   * @param count the edge's count
   * @return the inline input
   */
  Emitter<Object> input(EdgeCount count);

  /** Releases what completed since the last call (async calls completed by any thread). */
  void releaseCompleted();

  /** Flushes what arrived at smart-batching workers, and releases what is due. */
  void flushArrived();

  /**
   * Returns when something of this node next falls due on the pipeline clock: a batch's
   * deadline or a call's timeout.
   *
   * @return clock nanoseconds, or {@code Long.MAX_VALUE}
   */
  long deadline();

  /**
   * Flushes the batches and times out the calls due at {@code now}, and releases what is due.
   *
   * @param now the clock's time
   */
  void fireDue(long now);

  /**
   * Ends the node's input: flushes every worker with {@code reason} and releases what that
   * settles. Calls still in flight are released as they complete.
   *
   * @param reason END_OF_STREAM or DRAIN
   */
  void end(FlushReason reason);

  /**
   * Tells whether everything the node took has been released downstream.
   *
   * @return {@code true} if nothing is pending, in flight or held for order
   */
  boolean isIdle();

  /** Counts what waits in pending batches, queues and calls in flight as stranded. */
  void abandonPending();

  /** Closes the node's stage instances (each once, whatever happened). */
  void close();

  /**
   * Rolls the workers' final counts up into the summary step, once every thread of the node has
   * ended; what a stop left unreleased is counted stranded on the edges it was bound for.
   */
  void settle();
}
