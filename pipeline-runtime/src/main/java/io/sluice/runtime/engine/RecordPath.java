package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Emitter;
import io.sluice.api.SideOutput;
import io.sluice.api.Stage;
import java.util.List;

/**
 * The per-record call path of one {@link Step}, and the emitter its stage is handed: takes a record,
 * calls {@code process} with it, counts its fate, and passes what the stage emits downstream. The
 * emitter rejects use outside a call (a flag set around each call) or from another thread than the
 * one that owns the step. Everything that happens only after a throw is in {@link Recovery}.
 *
 * <p>This class holds the state and the cold paths; the hot methods ({@link #receive},
 * {@link #runRecord}, {@link #emit(Object)}, {@link #pass}) are implemented by {@link RecordLink},
 * of which {@link RecordLinks} defines a copy per shape of chain. Each copy has call sites of its
 * own, so in a fused chain the JIT sees one stage class at each {@code process} call and one next
 * link at each hand-on, and can inline the chain as one loop body. A record emitted to a
 * per-record step fused behind this one is handed to that step's path directly
 * ({@link #next}), counted on the edge as {@link StepInput} would.
 */
abstract class RecordPath implements Emitter<Object> {
  final Step step;
  final Stage<Object, Object> stage;
  final Tally tally;
  final SideOutputs sideOutputs;
  final Recovery recovery;
  final boolean sink;
  Emitter<Object> downstream;
  /** The path of the per-record step fused behind this one on the main output, if any. */
  RecordPath next;
  /** The edge to {@link #next}, counted as each record crosses it. */
  EdgeCount nextEdge;
  /**
   * The outboxes of the thread this step heads, if it is a per-record head that feeds any: after
   * each record of an input chunk, what the call emitted and an eager outbox held back goes to a
   * consumer that waits for it, before the next call starts ({@link Outbox}'s class comment).
   */
  Outboxes handOff;
  /** Whether a failure of this step ended the run: from then on it strands what reaches it. */
  boolean failed;
  /** Whether a call of the stage is under way: the emitter is valid only then. */
  boolean inCall;
  /** The thread that drives the step (the one that opened it). */
  Thread owner;

  RecordPath(Step step, Stage<Object, Object> stage, Tally tally, SideOutputs sideOutputs,
      Recovery recovery, boolean sink) {
    this.step = step;
    this.stage = stage;
    this.tally = tally;
    this.sideOutputs = sideOutputs;
    this.recovery = recovery;
    this.sink = sink;
  }

  /**
   * Takes one record under per-record dispatch: processes it now, or strands it once the step has
   * failed. A failure that ends the run is recorded by the step and does not leave it.
   */
  abstract void receive(Object record);

  /**
   * Takes the records {@code items[from..to)} one by one as {@link #receive} does: the loop of a
   * worker over its input chunk, here so that each copy's loop calls its own {@code receive}.
   */
  abstract void receiveAll(Object[] items, int from, int to);

  /**
   * Calls {@code process} for one record and counts its fate.
   *
   * @param carrier the batch carrying the record, or {@code null} under per-record dispatch
   */
  abstract void runRecord(Object record, List<Object> carrier);

  /**
   * Calls {@link #runRecord} for every record of a flushed batch, in order: the loop of a
   * batch call of a stage that is called per record, here so that each copy's loop has call sites
   * of its own, as {@link #receiveAll} does for records.
   *
   * @param records the batch's records
   * @param carrier the batch as the stage and the error policy see it
   */
  abstract void runAll(PendingBatch records, List<Object> carrier);

  /** Hands a record the stage emitted downstream, counting it. */
  abstract void pass(Object record);

  void connect(Emitter<Object> target) {
    this.downstream = target;
  }

  /** Hands the main output's records to {@code path} directly, counted on {@code edge}. */
  void connectDirect(RecordPath path, EdgeCount edge) {
    this.next = path;
    this.nextEdge = edge;
  }

  /** Takes over the wiring and state of the path this one replaces, before the step runs. */
  void takeOver(RecordPath old) {
    this.downstream = old.downstream;
    this.next = old.next;
    this.nextEdge = old.nextEdge;
    this.handOff = old.handOff;
    this.failed = old.failed;
    this.owner = old.owner;
  }

  /** Has {@link #receiveAll} offer {@code outboxes} their held chunks between two records. */
  void handOffBetweenRecords(Outboxes outboxes) {
    this.handOff = outboxes;
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

  /** Counts a record whose call returned: passed on if it emitted, else filtered. */
  final void count(long emittedBefore) {
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

  /** Checks what {@link #emit} needs, outside its hot path. */
  final void checkEmit(Object record) {
    guard();
    if (record == null) {
      throw new NullPointerException("stage '" + step.name() + "' emitted null");
    }
    if (downstream == null) {
      throw new IllegalStateException("stage '" + step.name() + "' is a " + step.kind()
          + " and cannot emit");
    }
  }

  /** After a call threw: resets the call flag and hands the throw to the error policy. */
  final void threw(Object record, List<Object> carrier, Throwable thrown) {
    inCall = false;
    recovery.recordThrew(record, carrier, thrown);
  }
}
