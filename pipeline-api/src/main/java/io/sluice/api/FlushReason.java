package io.sluice.api;

/** Why a batch was handed to a batched stage. */
public enum FlushReason {
  /** The batch reached the dispatch's maximum size. */
  SIZE,
  /** The dispatch's maximum wait passed since the first record of the batch arrived. */
  TIME,
  /**
   * Under {@link Dispatch#smart(int) smart batching}: the batch holds everything that had arrived,
   * the stage's input had nothing more right now.
   */
  ARRIVED,
  /** The input ended (the source was exhausted or the live input completed). */
  END_OF_STREAM,
  /**
   * The run is stopping early and draining what was already passed on: it was closed while
   * running, or a stage failed (the stages after it, and those on other branches, still deliver
   * what reached them before the failure).
   */
  DRAIN,
  /**
   * A checkpoint barrier reached the stage (see {@link Pipeline#withCheckpoints}, and the Flink
   * runner's checkpoints): a checkpoint never holds records inside a batch, so everything that
   * arrived before the barrier is handed on now and the checkpoint can count it as done.
   */
  CHECKPOINT
}
