package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker of a parallel node: its own {@link Step} (its own stage instance, dispatch, error
 * policy and batch isolation) whose outputs are collected instead of passed on, so the node can
 * release them in order. After each call into the step, {@link #collect()} says which inputs were
 * settled (the step holds back only the records of its pending batch) and what they emitted.
 * Driven by one thread at a time: the lane's own thread on the local runner, the test's on the
 * deterministic one.
 */
final class Lane {
  private final int index;
  private final Step step;
  private long[] seqs = new long[16];
  private int head;
  private int size;
  private List<Object> outputs = new ArrayList<>();
  private long callStart;
  private final boolean contiguous;
  /** Whether the step is a sink with an instance of its own, which commits at each barrier. */
  private final boolean commits;
  private long lastSeq = -2;
  /** Checkpoint barriers this worker passed. */
  private long epoch;

  /**
   * Creates a lane.
   *
   * @param contiguous whether a batch must hold consecutive inputs only (an ordered node): a
   *     pending batch is then flushed, with reason ARRIVED, before an input that does not follow
   *     the last one, since the worker's share of the input has nothing more for it right now
   * @param commits whether the step is a sink with an instance of its own: it then commits
   *     ({@code Sink.onCheckpoint}) on the lane's thread as it passes a barrier
   */
  Lane(int index, Step step, List<String> sidePorts, boolean contiguous, boolean commits) {
    this.index = index;
    this.commits = commits;
    this.step = step;
    this.contiguous = contiguous;
    step.connect(record -> {
      outputs.add(null);
      outputs.add(record);
    });
    for (String port : sidePorts) {
      Emitter<Object> side = record -> {
        outputs.add(port);
        outputs.add(record);
      };
      step.connectSide(port, side);
    }
  }

  int index() {
    return index;
  }

  Step step() {
    return step;
  }

  /** Hands the step one record, remembering its sequence number. */
  void feed(long seq, Object record) {
    if (size == seqs.length) {
      long[] grown = new long[size * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = seqs[(head + i) % seqs.length];
      }
      seqs = grown;
      head = 0;
    }
    startCall();
    if (contiguous && seq != lastSeq + 1 && step.pending() > 0) {
      step.flush(FlushReason.ARRIVED); // settled before the record joins: collect sees only it
    }
    lastSeq = seq;
    seqs[(head + size++) % seqs.length] = seq;
    step.accept(record);
  }

  /** Marks the start of a call, for the processing-time meter. */
  void startCall() {
    callStart = step.meters().timing() ? System.nanoTime() : 0L;
  }

  void flush(FlushReason reason) {
    startCall();
    step.flush(reason);
  }

  void flushArrived() {
    startCall();
    step.flushArrived();
  }

  boolean flushIfDue(long now) {
    startCall();
    return step.flushIfDue(now);
  }

  /** Records fed and not yet settled: in the step's pending batch. */
  int unsettled() {
    return size;
  }

  /**
   * Passes a checkpoint barrier: flushes the pending batch (reason CHECKPOINT), so that every
   * record fed before the barrier is settled, commits a sink of its own, and says so.
   *
   * @return what the flush settled, marked with the barrier; kept if the step has failed or its
   *     commit did
   */
  LaneResult passBarrier(Barrier barrier) {
    flush(FlushReason.CHECKPOINT);
    boolean kept = step.hasFailed() || commits && !step.barriers().commit(barrier.id());
    LaneResult result = settled(barrier, kept);
    epoch++;
    return result;
  }

  /**
   * Returns what the step settled since the last collect, or {@code null} if nothing: every fed
   * record not in the pending batch is settled (passed on, filtered, skipped, dead-lettered,
   * failed or stranded), and what was emitted belongs to them.
   */
  LaneResult collect() {
    if (size - step.pending() <= 0 && outputs.isEmpty()) {
      return null;
    }
    return settled(null, false);
  }

  private LaneResult settled(Barrier barrier, boolean kept) {
    int settled = size - step.pending();
    long[] done = new long[Math.max(0, settled)];
    for (int i = 0; i < done.length; i++) {
      done[i] = seqs[head];
      head = (head + 1) % seqs.length;
    }
    size -= done.length;
    List<Object> emitted = outputs;
    outputs = new ArrayList<>();
    long nanos = callStart == 0L ? 0L : System.nanoTime() - callStart;
    return new LaneResult(index, done, emitted, done.length, nanos, epoch, barrier, kept);
  }
}
