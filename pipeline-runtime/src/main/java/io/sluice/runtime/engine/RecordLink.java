package io.sluice.runtime.engine;

import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.util.List;

/**
 * The hot methods of a {@link RecordPath}: the code every record runs through, per step. Written
 * once and defined again, byte for byte, as a hidden class per shape of chain by
 * {@link RecordLinks}, so that each copy's call sites ({@code stage.process}, the hand-on to the
 * next link, the emit to a ring) see only the receivers of the chains of that shape and the JIT
 * inlines them. The copies' bytes are this class's: it must use nothing a copy could not
 * (no lambda, no nested class, no string concatenation), and it keeps its methods small and
 * flat, since every link of a fused chain adds its call depth to the inlined whole.
 */
final class RecordLink extends RecordPath {

  RecordLink(Step step, Stage<Object, Object> stage, Tally tally, SideOutputs sideOutputs,
      Recovery recovery, boolean sink) {
    super(step, stage, tally, sideOutputs, recovery, sink);
  }

  @Override
  void receive(Object record) {
    Tally counts = tally;
    counts.received++;
    if (failed) {
      counts.stranded++;
      return;
    }
    long before = counts.emitted;
    inCall = true;
    try {
      stage.process(record, this);
    } catch (Throwable t) {
      try {
        threw(record, null, t);
      } catch (StageFailedException e) {
        step.failed(e); // records the own failure and returns; rethrows another step's
      }
      return;
    }
    inCall = false;
    count(before);
  }

  @Override
  void receiveAll(Object[] items, int from, int to) {
    Outboxes outboxes = handOff;
    for (int i = from; i < to; i++) {
      receive(items[i]);
      if (outboxes != null) {
        outboxes.handOffBeforeNextCall(); // the next call may take any time
      }
    }
  }

  @Override
  void runRecord(Object record, List<Object> carrier) {
    long before = tally.emitted;
    inCall = true;
    try {
      stage.process(record, this);
    } catch (Throwable t) {
      threw(record, carrier, t);
      return;
    }
    inCall = false;
    count(before);
  }

  @Override
  void runAll(PendingBatch records, List<Object> carrier) {
    int size = records.size();
    for (int i = 0; i < size; i++) {
      runRecord(records.get(i), carrier);
    }
  }

  @Override
  public void emit(Object record) {
    if (!inCall || Thread.currentThread() != owner || record == null || downstream == null) {
      checkEmit(record); // throws, unless a step driven without open() adopts its thread
    }
    tally.emitted++;
    RecordPath direct = next;
    if (direct != null) {
      nextEdge.received++;
      direct.receive(record);
    } else {
      downstream.emit(record);
    }
  }

  /**
   * As {@link #emit(Object)} without its checks (for output held until a batch call returned).
   * Written out rather than called from {@code emit}, like {@code receive} and {@code runRecord}:
   * each call adds a level to the inlined chain, and the JIT inlines only so many levels deep.
   */
  @Override
  void pass(Object record) {
    tally.emitted++;
    RecordPath direct = next;
    if (direct != null) {
      nextEdge.received++;
      direct.receive(record);
    } else {
      downstream.emit(record);
    }
  }
}
