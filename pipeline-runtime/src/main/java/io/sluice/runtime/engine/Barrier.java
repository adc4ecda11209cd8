package io.sluice.runtime.engine;

/**
 * A checkpoint barrier: travels behind the records a source emitted before it, along every edge,
 * so that a node holding it has seen everything before it. The source's position is given to the
 * {@link CheckpointCoordinator} when the barrier leaves; the barrier itself only names its
 * checkpoint.
 *
 * @param id the checkpoint's number in the run, from 1
 */
record Barrier(long id) {}
