package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a step does with checkpoint barriers: it passes a barrier on only once it has it from every
 * input edge (or the edge ended: no barrier comes after an end), in checkpoint order. Passing it
 * on flushes the pending batch first, reason {@link FlushReason#CHECKPOINT}; then a stage forwards
 * it on its main and side outputs, and a sink commits ({@code Sink.onCheckpoint}) and tells the
 * {@link CheckpointCoordinator} it has it. A step whose error policy dead-letters also tells its
 * dead-letter sink's {@link DeadLetterBarriers} that its dead letters before the barrier are
 * written, so that the sink commits once all its users have. A failed step keeps it: the records it stranded were
 * before it, so the checkpoint must not complete.
 *
 * <p>The summary step of a parallel or async node hands an aligned barrier to its node
 * ({@link BarrierGate}), which lets it out once its workers or calls settled everything before
 * it; the rest is the same.
 *
 * <p>Alignment does not hold back an edge that delivered its barrier early (Flink's
 * at-least-once alignment): only source positions are saved, so records after the barrier that a
 * stage handles before the barrier passes are simply handled again after a restart.
 *
 * <p>Every step has one, made with the step; it aligns barriers once the run's coordinator
 * {@linkplain #join joined} it (a run with checkpoints), before the run starts. Its acts that need
 * no alignment (a sink's commit, failing the run for a checkpoint) serve the steps of a parallel
 * node's workers too, which are never joined.
 */
final class StepBarriers {
  private final Step step;
  private final SideOutputs sideOutputs;
  private final Recovery recovery;
  private final Set<EdgeCount> ended = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Per checkpoint not yet passed on, the edges that brought its barrier. */
  private final TreeMap<Long, Set<EdgeCount>> arrivals = new TreeMap<>();
  // Set by join, before the run starts; coordinator stays null in a run without checkpoints.
  private CheckpointCoordinator coordinator;
  private int inputs;
  private boolean sink;
  /** The checkpoint part of the step's dead-letter sink; {@code null} if it has none. */
  private DeadLetterBarriers deadLetters;
  /** The concurrent node the step sums up, which the barrier crosses; {@code null} if none. */
  private BarrierGate node;

  StepBarriers(Step step, SideOutputs sideOutputs, Recovery recovery) {
    this.step = step;
    this.sideOutputs = sideOutputs;
    this.recovery = recovery;
  }

  /**
   * Makes the step take part in the run's checkpoints, before the run starts.
   *
   * @param node the concurrent node whose summary the step is, or {@code null}: an aligned
   *     barrier then crosses the node first, and the node's workers flush (and a parallel sink
   *     commits) instead of the step
   */
  void join(CheckpointCoordinator coordinator, int inputs, boolean sink,
      DeadLetterBarriers deadLetters, BarrierGate node) {
    this.coordinator = coordinator;
    this.inputs = inputs;
    this.sink = sink;
    this.deadLetters = deadLetters;
    this.node = node;
  }

  /**
   * A barrier arrived along {@code from}, after every record before it.
   *
   * @throws IllegalStateException if the run takes no checkpoints
   */
  void arrived(EdgeCount from, Barrier barrier) {
    Preconditions.checkState(coordinator != null, "stage '%s': checkpoint barrier %s in a run "
        + "without checkpoints", step.name(), barrier.id());
    if (inputs <= 1) {
      pass(barrier);
      return;
    }
    arrivals.computeIfAbsent(barrier.id(),
        id -> Collections.newSetFromMap(new IdentityHashMap<>())).add(from);
    passAligned();
  }

  /** The edge {@code from} ended: it brings no more barriers. */
  void inputEnded(EdgeCount from) {
    if (coordinator != null && ended.add(from)) {
      passAligned();
    }
  }

  /** The step was flushed at the end of its stream: a sink has everything it will get. */
  void streamEnded() {
    if (coordinator == null || step.hasFailed()) {
      return;
    }
    if (deadLetters != null) {
      deadLetters.ended(step);
    }
    if (sink) {
      coordinator.sinkEnded(step.name());
    }
  }

  private void passAligned() {
    while (!arrivals.isEmpty()) {
      Map.Entry<Long, Set<EdgeCount>> first = arrivals.firstEntry();
      Set<EdgeCount> brought = first.getValue();
      long have = brought.size() + ended.stream().filter(edge -> !brought.contains(edge)).count();
      if (have < inputs) {
        return;
      }
      arrivals.pollFirstEntry();
      pass(new Barrier(first.getKey()));
    }
  }

  private void pass(Barrier barrier) {
    if (step.hasFailed()) {
      return;
    }
    if (node != null) {
      node.enter(barrier, this::crossed); // its workers flush; it lets the barrier out when done
      return;
    }
    step.flush(FlushReason.CHECKPOINT);
    if (!step.hasFailed()) {
      passOn(barrier, true);
    }
  }

  /** The barrier crossed the concurrent node: every record before it was settled and released. */
  private void crossed(Barrier barrier, boolean kept) {
    if (!kept && !step.hasFailed()) {
      passOn(barrier, false);
    }
  }

  /**
   * Passes a barrier on once everything before it was handled: the dead-letter sink hears of it,
   * then a stage forwards it, a sink commits (unless its node's workers did) and tells the
   * coordinator.
   */
  private void passOn(Barrier barrier, boolean sinkCommits) {
    if (deadLetters != null && !deadLetters.passed(step, barrier.id())) {
      return;
    }
    if (!sink) {
      forward(barrier);
    } else if (!sinkCommits || commit(barrier.id())) {
      coordinator.sinkReached(step.name(), barrier.id());
    }
  }

  /** Sends a barrier on every output, the main one and each connected side output. */
  private void forward(Barrier barrier) {
    Emitter<Object> main = step.path().downstream;
    if (main != null) {
      BarrierLane.send(main, barrier);
    }
    sideOutputs.barrier(barrier);
  }

  /**
   * A sink's part of a checkpoint: {@code Sink.onCheckpoint}; if it throws, the run fails naming
   * this stage and the checkpoint does not complete.
   *
   * @return {@code true} if the sink committed
   */
  boolean commit(long checkpointId) {
    try {
      ((SinkStage<?>) step.stage()).onCheckpoint(checkpointId);
      return true;
    } catch (Throwable e) {
      fail(e, "its onCheckpoint(" + checkpointId + ") failed");
      return false;
    }
  }

  /** Fails the run for a checkpoint this step could not take part in, naming this stage. */
  void fail(Throwable cause, String detail) {
    if (!step.control().isStopped()) {
      recovery.fail(null, null, 0, cause, detail);
    }
    step.path().markFailed();
  }
}
