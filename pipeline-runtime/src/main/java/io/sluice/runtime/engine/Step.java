package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.SideOutput;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Map;

/**
 * One stage instance at work: takes records one at a time, hands them to the stage per record or
 * in batches according to its {@link Dispatch}, applies its {@link ErrorPolicy} when a call throws
 * ({@link Recovery}, {@link BatchCalls}), counts every record's fate in its {@link Tally}, and
 * passes what the stage emits downstream. Under a batched dispatch a stage that does not override
 * {@code processBatch} is called per record, so a failure is pinned on its record. Used by one
 * thread only; reusable by any runner that drives it (the local runtime, the testkit).
 *
 * <p>The step is the emitter handed to the stage: it rejects use outside a call (a flag set around
 * each call) or from another thread than the one that opened the step. Its main output and each
 * connected side output lead to an emitter given by the runner (a ring's outbox, the next step).
 *
 * <p>A failure that ends the run never leaves the step: it records the failure, marks the step
 * failed and returns, so the caller (a worker, or the step before it on the same thread) goes on.
 * From then on the step strands what reaches it. This is what makes a failure look the same
 * whichever steps share a thread.
 */
public final class Step implements Emitter<Object> {
  private final String name;
  private final StageKind kind;
  private final Stage<Object, Object> stage;
  private final Context context;
  private final RunControl control;
  private final boolean batched;
  private final boolean smart;
  private final boolean sink;
  private final int maxSize;
  private final long maxWaitNanos;
  private final PipelineClock clock;
  private final PendingBatch batch;
  private final List<Object> batchView;
  private final Tally tally = new Tally();
  private final Recovery recovery;
  private final BatchCalls batchCalls;
  private StageMeters meters = new StageMeters(true);
  private Emitter<Object> downstream;
  private final SideOutputs sideOutputs = new SideOutputs(tally);
  private boolean failed;
  private BiConsumer<FlushReason, List<Object>> flushObserver;
  private Runnable afterBatch = () -> { };
  private long deadline = Long.MAX_VALUE;
  /** Whether a call of the stage is under way: its emitter is valid only then. */
  private boolean inCall;
  /** The thread that drives this step (the one that opened it). */
  private Thread owner;
  /** Whether the stage's open was called, so that close calls the stage's close. */
  private boolean opened;
  private boolean closed;
  /** What the step does with checkpoint barriers; {@code null} for a run without checkpoints. */
  private StepBarriers barriers;

  /**
   * Creates a step with the default {@link ErrorPolicy#failFast()} policy.
   *
   * @param kind the stage's kind
   * @param stage the stage instance (a sink adapted with {@link #sinkAsStage})
   * @param context the stage's context, giving its name, dispatch and clock
   * @param control the run's control, told of failures
   */
  public Step(StageKind kind, Stage<?, ?> stage, Context context, RunControl control) {
    this(kind, stage, context, control, ErrorPolicy.failFast(), null);
  }

  /**
   * Creates a step with an error policy.
   *
   * @param kind the stage's kind
   * @param stage the stage instance (a sink adapted with {@link #sinkAsStage})
   * @param context the stage's context, giving its name, dispatch and clock
   * @param control the run's control, told of failures
   * @param policy what to do when the stage throws on a record or batch
   * @param deadLetters the channel to the policy's dead-letter sink; {@code null} exactly when the
   *     policy does not dead-letter
   * @throws IllegalArgumentException if the dead-letter channel does not match the policy
   */
  @SuppressWarnings("unchecked")
  public Step(StageKind kind, Stage<?, ?> stage, Context context, RunControl control,
      ErrorPolicy policy, DeadLetterChannel deadLetters) {
    this.name = context.stageName();
    Preconditions.checkArgument((policy.action() == ErrorPolicy.Action.DEAD_LETTER)
            == (deadLetters != null), "stage '%s': error policy %s %s a dead-letter channel", name,
        policy, deadLetters == null ? "needs" : "has no use for");
    this.kind = kind;
    this.stage = (Stage<Object, Object>) stage;
    this.context = context;
    this.control = control;
    Dispatch dispatch = context.dispatch();
    this.batched = dispatch.isBatched();
    this.smart = dispatch.isSmart();
    boolean perRecordCalls = !batched || !stage.handlesBatches();
    this.sink = kind == StageKind.SINK;
    this.maxSize = dispatch.maxSize();
    this.maxWaitNanos = dispatch.maxWaitNanos();
    this.clock = context.clock();
    this.batch = new PendingBatch(batched ? maxSize : 1);
    this.batchView = Collections.unmodifiableList(batch);
    if (deadLetters != null) {
      deadLetters.attach();
    }
    this.recovery = new Recovery(this, policy, tally, control, deadLetters);
    this.batchCalls = !batched ? null : new BatchCalls(this, tally, recovery, batchView,
        perRecordCalls, !policy.isFailFast(), recovery.isolates() && stage.allowsBatchSplitting());
  }

  /**
   * Adapts a sink to the stage shape, so steps treat both alike.
   *
   * @param sink the sink
   * @return a stage that writes to the sink and emits nothing
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Stage<?, ?> sinkAsStage(Sink<?> sink) {
    return new SinkStage(sink);
  }

  /**
   * Sets where emitted records go.
   *
   * @param next the downstream consumer
   */
  public void connect(Emitter<Object> next) {
    this.downstream = next;
  }

  /**
   * Connects a side output: what the stage emits to the side output of that name goes to
   * {@code target}.
   *
   * @param port the side output's name
   * @param target where its records go
   */
  public void connectSide(String port, Emitter<Object> target) {
    sideOutputs.connect(Preconditions.checkNotNull(port, "stage '%s': side output name", name),
        Preconditions.checkNotNull(target, "stage '%s': side output target", name));
  }

  /**
   * Returns how many records the stage emitted to each output: {@link io.sluice.api.Port#MAIN}
   * first, then each connected side output.
   *
   * @return port name to count, in that order
   */
  public Map<String, Long> emittedByPort() {
    return sideOutputs.byPort(tally.emitted, tally.sideEmitted);
  }

  /**
   * Shows every batch the dispatch delivers, with its reason, before the stage is called: how the
   * testkit's harness lists the flushes of the stage it drives.
   *
   * @param observer receives the reason and a copy of the batch
   */
  public void observeFlushes(BiConsumer<FlushReason, List<Object>> observer) {
    this.flushObserver = observer;
  }

  /**
   * Returns the counts per output of a snapshot of this step's tally (see {@link #emittedByPort}).
   *
   * @param published counts this step's tally published
   * @return port name to count
   */
  Map<String, Long> emittedByPort(Tally.Counts published) {
    return sideOutputs.byPort(published.emitted(), published.sideEmitted());
  }

  /**
   * Sets what runs after each batch call returns: the worker publishing what the batch emitted to
   * a consumer that waits, so the batch's output leaves as one unit, as soon as it is complete.
   *
   * @param hook a quick action
   */
  public void afterBatch(Runnable hook) {
    this.afterBatch = Preconditions.checkNotNull(hook, "stage '%s': afterBatch hook", name);
  }

  /**
   * Tells whether the step failed and strands what reaches it.
   *
   * @return {@code true} after a failure of this step ended the run
   */
  public boolean hasFailed() {
    return failed;
  }

  /** Marks the step failed once its own failure was recorded; rethrows anything else. */
  private void failed(StageFailedException e) {
    if (!recovery.isOwn(e)) {
      throw e;
    }
    failed = true;
    abandonPending();
  }

  /**
   * Returns the stage name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the stage kind.
   *
   * @return the kind
   */
  public StageKind kind() {
    return kind;
  }

  /**
   * Opens the stage.
   *
   * @throws StageFailedException if the stage's open threw
   */
  public void open() {
    owner = Thread.currentThread();
    opened = true;
    try {
      stage.open(context);
    } catch (Throwable e) {
      if (!control.isStopped()) { // else a cancel interrupted the open: not a failure
        recovery.fail(null, null, 0, e, null);
      }
      failed = true;
    }
  }

  /**
   * Closes the stage, if it was opened, and lets go of its dead-letter sink, recording a failure
   * if either close threw, an {@code Error} included (after the first failure of a run, as a
   * suppressed exception). A failed close does not stop the other stages: it comes after this one
   * finished with its records. Call it for every step of a thread, opened or not (a step never
   * opened because its source failed first still holds its dead-letter sink); only the first call
   * does anything.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (control.isStopped()) {
      Thread.interrupted(); // a cancel's interrupt must not break the close; a deadline repeats it
    }
    if (opened) {
      try {
        stage.close();
      } catch (Throwable e) {
        control.closeFailed(name, e, null);
      }
    }
    recovery.release();
  }

  /**
   * Takes one record: processes it now (per record) or adds it to the batch, flushing on size.
   *
   * @param record the record
   */
  public void accept(Object record) {
    tally.received++;
    if (failed) {
      tally.stranded++;
      return;
    }
    try {
      if (batched) {
        addToBatch(record);
      } else {
        runRecord(record, null); // kept small: it is inlined into the worker's loop
      }
    } catch (StageFailedException e) {
      failed(e);
    }
  }

  /**
   * Returns the size of a batch this step can take whole from an array ({@link #acceptWhole}): its
   * maximum batch size under a batched dispatch, 0 under per-record dispatch.
   *
   * @return records per whole batch, or 0
   */
  public int wholeBatchSize() {
    return batched ? maxSize : 0;
  }

  /**
   * Takes {@code count} records that arrived together, {@link #wholeBatchSize()} of them, while no
   * batch is pending: they form one full batch, handed to the stage in place (flush reason SIZE)
   * without being copied. The same batch, reason and counts as {@link #accept} one by one; the
   * array's slots are cleared afterwards.
   *
   * @param items the array holding the records
   * @param from the index of the first
   * @param count how many; must be {@link #wholeBatchSize()}
   * @throws IllegalStateException if a batch is pending or {@code count} is not a full batch
   */
  public void acceptWhole(Object[] items, int from, int count) {
    Preconditions.checkState(batched && count == maxSize && batch.isEmpty(),
        "stage '%s': %s records cannot be taken whole (batch size %s, %s pending)", name, count,
        maxSize, batch.size());
    tally.received += count;
    if (failed) {
      tally.stranded += count;
      Arrays.fill(items, from, from + count, null);
      return;
    }
    batch.adopt(items, from, count);
    flush(FlushReason.SIZE);
  }

  /**
   * Under {@linkplain Dispatch#smart(int) smart batching}, flushes the pending batch with reason
   * ARRIVED: the input has nothing more right now. Does nothing under other dispatches or when no
   * record waits.
   */
  public void flushArrived() {
    if (smart && !batch.isEmpty()) {
      flush(FlushReason.ARRIVED);
    }
  }

  /**
   * Tells whether this step's batches are flushed as soon as its input has nothing more.
   *
   * @return {@code true} under smart batching
   */
  public boolean isSmart() {
    return smart;
  }

  private void addToBatch(Object record) {
    if (batch.isEmpty() && maxWaitNanos != Long.MAX_VALUE) {
      deadline = Nanos.saturatedAdd(clock.nanoTime(), maxWaitNanos);
    }
    batch.add(record);
    if (batch.size() >= maxSize) {
      flush(FlushReason.SIZE);
    }
  }

  /**
   * Hands the pending batch, if any, to the stage. An empty batch is never delivered.
   *
   * @param reason why the batch is flushed
   */
  public void flush(FlushReason reason) {
    flushBatch(reason);
    if (barriers != null
        && (reason == FlushReason.END_OF_STREAM || reason == FlushReason.DRAIN)) {
      barriers.streamEnded(); // called only once every input has ended
    }
  }

  private void flushBatch(FlushReason reason) {
    if (batch.isEmpty()) {
      return;
    }
    if (failed) {
      abandonPending();
      return;
    }
    tally.batches[reason.ordinal()]++;
    deadline = Long.MAX_VALUE;
    if (flushObserver != null) {
      flushObserver.accept(reason, List.copyOf(batch));
    }
    int size = batch.size();
    long start = meters.timing() ? System.nanoTime() : 0L; // real time, whatever the clock
    try {
      batchCalls.run(reason, batch);
    } catch (StageFailedException e) {
      failed(e);
      return;
    }
    meters.batch(size, meters.timing() ? System.nanoTime() - start : 0L);
    afterBatch.run();
  }

  /** Gives the step its checkpoint barrier handling, before the run starts. */
  void takeCheckpoints(StepBarriers handling) {
    this.barriers = handling;
  }

  /**
   * Takes a checkpoint barrier that arrived along an input edge, after every record before it.
   *
   * @throws IllegalStateException if the run takes no checkpoints
   */
  void barrier(EdgeCount from, Barrier barrier) {
    Preconditions.checkState(barriers != null, "stage '%s': checkpoint barrier %s in a run "
        + "without checkpoints", name, barrier.id());
    barriers.arrived(from, barrier);
  }

  /** An input edge ended: no barrier comes along it any more. */
  void inputEnded(EdgeCount from) {
    if (barriers != null) {
      barriers.inputEnded(from);
    }
  }

  /** Sends a barrier on every output, the main one and each connected side output. */
  void forwardBarrier(Barrier barrier) {
    if (downstream != null) {
      BarrierLane.send(downstream, barrier);
    }
    sideOutputs.barrier(barrier);
  }

  /**
   * A sink's part of a checkpoint: {@code Sink.onCheckpoint}; if it throws, the run fails naming
   * this stage and the checkpoint does not complete.
   *
   * @return {@code true} if the sink committed
   */
  boolean commitCheckpoint(long checkpointId) {
    try {
      ((SinkStage<?>) stage).onCheckpoint(checkpointId);
      return true;
    } catch (Throwable e) {
      if (!control.isStopped()) {
        recovery.fail(null, null, 0, e, "its onCheckpoint(" + checkpointId + ") failed");
      }
      failed = true;
      return false;
    }
  }

  /**
   * Flushes the pending batch with reason TIME if its deadline has passed.
   *
   * @param now the clock's current time
   * @return {@code true} if a batch was flushed
   */
  public boolean flushIfDue(long now) {
    if (now - deadline >= 0 && !batch.isEmpty()) {
      flush(FlushReason.TIME);
      return true;
    }
    return false;
  }

  /**
   * Counts the records waiting in the pending batch as stranded and drops them; for a run that
   * stopped before they could be flushed.
   */
  public void abandonPending() {
    tally.stranded += batch.size();
    batch.clear();
    deadline = Long.MAX_VALUE;
  }

  /**
   * Returns when the pending batch falls due, or {@code Long.MAX_VALUE} if none waits on time.
   *
   * @return the deadline in clock nanoseconds
   */
  public long deadline() {
    return batch.isEmpty() ? Long.MAX_VALUE : deadline;
  }

  /**
   * Returns how many records wait in the pending batch.
   *
   * @return the pending batch size
   */
  public int pending() {
    return batch.size();
  }

  /**
   * Calls {@code process} for one record and counts its fate. The hot path: everything that
   * happens only after a throw is in {@link Recovery}, so this stays small enough to inline.
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

  /** Tells whether the run is being stopped, so a call that threw was most likely interrupted. */
  boolean isStopping() {
    return control.isStopped();
  }

  /** Returns the stage, for the calls that {@link Recovery} and {@link BatchCalls} make. */
  Stage<Object, Object> stage() {
    return stage;
  }

  Context context() {
    return context;
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
      throw Misuse.ofEmitter("stage", name, "process or processBatch call", inCall, owner,
          control);
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
      throw new IllegalArgumentException("stage '" + name + "' of pipeline '"
          + control.pipelineName() + "' emitted to side output '" + port + "', but the "
          + "pipeline connects nothing to it (connected: " + sideOutputs.connected() + ")");
    }
  }

  @Override
  public <X> void emit(SideOutput<X> output, X record) {
    if (!inCall || Thread.currentThread() != owner || record == null || output == null) {
      guard();
      Preconditions.checkNotNull(output, "stage '%s' emitted to a null side output", name);
      Preconditions.checkNotNull(record, "stage '%s' emitted null to %s", name, output);
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
      throw new NullPointerException("stage '" + name + "' emitted null");
    }
    if (downstream == null) {
      throw new IllegalStateException("stage '" + name + "' is a " + kind + " and cannot emit");
    }
  }

  /**
   * Returns every count of this step: received, emitted, each fate, retries and batches.
   *
   * @return the live counts; read them once the step's thread has ended
   */
  Tally tally() {
    return tally;
  }

  /**
   * Returns the step's timing meters.
   *
   * @return the meters
   */
  StageMeters meters() {
    return meters;
  }

  /**
   * Replaces the step's meters (to turn timing off), before the step runs.
   *
   * @param newMeters the meters
   */
  void useMeters(StageMeters newMeters) {
    this.meters = Preconditions.checkNotNull(newMeters, "stage '%s': meters", name);
  }

  /**
   * Tells whether records are handed to this step one by one.
   *
   * @return {@code true} under per-record dispatch
   */
  public boolean perRecord() {
    return !batched;
  }

  /**
   * Starts this stage's report from its counts, for any runner that drives steps: every fate, and
   * batches by reason. Call after the step's thread has finished with it.
   *
   * @param leftBehind records headed for this stage that a stopped run left in its ring or in the
   *     upstream's unpublished outbox; counted as received and stranded
   * @return a builder holding the counts
   */
  public StageReportBuilder report(long leftBehind) {
    return tally.report(name, kind, leftBehind);
  }
}
