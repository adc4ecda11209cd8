package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Emitter;
import io.sluice.api.SideOutput;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.util.List;

/**
 * The per-record call path of one {@link Step}, and the emitter its stage is handed: takes a record,
 * calls {@code process} with it, counts its fate, and passes what the stage emits downstream. The
 * emitter rejects use outside a call (a flag set around each call) or from another thread than the
 * one that owns the step. Everything that happens only after a throw is in {@link Recovery}, so
 * the path stays small enough to inline.
 */
final class RecordPath implements Emitter<Object> {
  private final Step step;
  private final Stage<Object, Object> stage;
  private final Tally tally;
  private final SideOutputs sideOutputs;
  private final Recovery recovery;
  private final boolean sink;
  private Emitter<Object> downstream;
  /** Whether a failure of this step ended the run: from then on it strands what reaches it. */
  private boolean failed;
  /** Whether a call of the stage is under way: the emitter is valid only then. */
  private boolean inCall;
  /** The thread that drives the step (the one that opened it). */
  private Thread owner;

  RecordPath(Step step, Stage<Object, Object> stage, Tally tally, SideOutputs sideOutputs,
      Recovery recovery, boolean sink) {
    this.step = step;
    this.stage = stage;
    this.tally = tally;
    this.sideOutputs = sideOutputs;
    this.recovery = recovery;
    this.sink = sink;
  }

  void connect(Emitter<Object> next) {
    this.downstream = next;
  }

  /** Makes the calling thread the step's owner: the only one its emitter accepts records from. */
  void own() {
    owner = Thread.currentThread();
  }

  boolean hasFailed() {
    return failed;
  }

  void markFailed() {
    failed = true;
  }

  /**
   * Takes one record under per-record dispatch: processes it now, or strands it once the step has
   * failed. A failure that ends the run is recorded by the step and does not leave it.
   */
  void receive(Object record) {
    tally.received++;
    if (failed) {
      tally.stranded++;
      return;
    }
    try {
      runRecord(record, null);
    } catch (StageFailedException e) {
      step.failed(e);
    }
  }

  /**
   * Calls {@code process} for one record and counts its fate.
   *
   * @param carrier the batch carrying the record, or {@code null} under per-record dispatch
   */
  void runRecord(Object record, List<Object> carrier) {
    long before = tally.emitted;
    inCall = true;
    try {
      stage.process(record, this);
    } catch (Throwable t) {
      inCall = false;
      recovery.recordThrew(record, carrier, t);
      return;
    }
    inCall = false;
    count(before);
  }

  /** Counts a record whose call returned: passed on if it emitted, else filtered. */
  void count(long emittedBefore) {
    if (tally.emitted == emittedBefore && !sink) {
      tally.filtered++;
    } else {
      tally.passedOn++;
    }
  }

  /** Marks the start of a call of the stage; the emitter is valid until {@link #exitCall()}. */
  void enterCall() {
    inCall = true;
  }

  void exitCall() {
    inCall = false;
  }

  /** Lets an emit through only during a call and on the step's thread; else throws. */
  void guard() {
    if (!inCall || Thread.currentThread() != owner) {
      if (inCall && owner == null) {
        owner = Thread.currentThread(); // driven without open(): the driving thread owns the step
        return;
      }
      throw Misuse.ofEmitter("stage", step.name(), "process or processBatch call", inCall, owner,
          step.control());
    }
  }

  /** Hands a record the stage emitted downstream, counting it. */
  void pass(Object record) {
    tally.emitted++;
    downstream.emit(record);
  }

  /** Hands a record the stage emitted to a connected side output on, counting it. */
  void passSide(String port, Object record) {
    tally.emitted++;
    sideOutputs.emit(port, record);
  }

  /** Throws as {@link #emit(SideOutput, Object)} does if nothing is connected to the port. */
  void requireSide(String port) {
    if (!sideOutputs.isConnected(port)) {
      throw new IllegalArgumentException("stage '" + step.name() + "' of pipeline '"
          + step.control().pipelineName() + "' emitted to side output '" + port + "', but the "
          + "pipeline connects nothing to it (connected: " + sideOutputs.connected() + ")");
    }
  }

  @Override
  public <X> void emit(SideOutput<X> output, X record) {
    if (!inCall || Thread.currentThread() != owner || record == null || output == null) {
      guard();
      Preconditions.checkNotNull(output, "stage '%s' emitted to a null side output", step.name());
      Preconditions.checkNotNull(record, "stage '%s' emitted null to %s", step.name(), output);
    }
    tally.emitted++;
    if (!sideOutputs.emit(output.name(), record)) {
      tally.emitted--;
      requireSide(output.name()); // throws: nothing is connected to it
    }
  }

  @Override
  public void emit(Object record) {
    if (!inCall || Thread.currentThread() != owner || record == null || downstream == null) {
      checkEmit(record); // throws, unless a step driven without open() adopts its thread
    }
    tally.emitted++;
    downstream.emit(record);
  }

  /** Checks what {@link #emit} needs, outside its hot path. */
  void checkEmit(Object record) {
    guard();
    if (record == null) {
      throw new NullPointerException("stage '" + step.name() + "' emitted null");
    }
    if (downstream == null) {
      throw new IllegalStateException("stage '" + step.name() + "' is a " + step.kind()
          + " and cannot emit");
    }
  }
}
