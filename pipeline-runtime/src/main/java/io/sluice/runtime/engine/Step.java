package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.SideOutput;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReportBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One stage instance at work: hands records to the stage per record ({@link RecordPath}, also the
 * emitter the stage is handed) or in batches ({@link StepBatch}) as its {@link Dispatch} says,
 * applies its {@link ErrorPolicy} when a call throws ({@link Recovery}, {@link BatchCalls}), counts
 * every record's fate in its {@link Tally}, passes what the stage emits to the emitters the
 * runner connects (a ring's outbox, the next step), and takes its part in checkpoints
 * ({@link StepBarriers}). Used by one thread; reusable by any runner.
 *
 * <p>A failure that ends the run never leaves the step: it records the failure, marks the step
 * failed and returns, so the caller (a worker, or the step before it on the same thread) goes on;
 * from then on the step strands what reaches it, so a failure looks the same however steps share
 * threads.
 */
public final class Step implements Emitter<Object> {
  private final String name;
  private final StageKind kind;
  private final Stage<Object, Object> stage;
  private final Context context;
  private final RunControl control;
  private final Tally tally = new Tally();
  private final SideOutputs sideOutputs = new SideOutputs(tally);
  private final Recovery recovery;
  /** The per-record path: a shared one until {@link #specialise()} gives the step its shape's. */
  private RecordPath path;
  private boolean specialised;
  /** Whether records go to the path one by one; else to the batch. */
  private final boolean perRecord;
  /** The batching side: under per-record dispatch, one that never holds a record. */
  private final StepBatch batch;
  private StageMeters meters = new StageMeters(true);
  private final StageLifecycle lifecycle;
  /** The step's part in checkpoints: inert until a run with checkpoints joins it. */
  private final StepBarriers barriers;

  /** Creates a step with the default {@link ErrorPolicy#failFast()} policy. */
  public Step(StageKind kind, Stage<?, ?> stage, Context context, RunControl control) {
    this(kind, stage, context, control, ErrorPolicy.failFast(), null);
  }

  /**
   * Creates a step with an error policy.
   *
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
    if (deadLetters != null) {
      deadLetters.attach();
    }
    this.recovery = new Recovery(this, policy, tally, control, deadLetters);
    this.lifecycle = new StageLifecycle(name, control, recovery);
    this.barriers = new StepBarriers(this, sideOutputs, recovery);
    this.path = RecordLinks.shared(this, this.stage, tally, sideOutputs, recovery,
        kind == StageKind.SINK);
    Dispatch dispatch = context.dispatch();
    this.batch = !dispatch.isBatched() ? StepBatch.none(this, tally) : new StepBatch(this, tally,
        recovery, dispatch, context.clock(), !stage.handlesBatches(), !policy.isFailFast(),
        recovery.isolates() && stage.allowsBatchSplitting());
    this.perRecord = batch.isNone();
  }

  /** Adapts a sink to the stage shape, so steps treat both alike. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Stage<?, ?> sinkAsStage(Sink<?> sink) {
    return new SinkStage(sink);
  }

  /** Sets where emitted records go. */
  public void connect(Emitter<Object> next) {
    path.connect(next);
  }

  /**
   * Gives the step the per-record path of its shape ({@link RecordLinks#specialise}), handing
   * records straight to a per-record step fused behind it. Call once the steps are connected,
   * before the run starts; only the first call does anything.
   */
  void specialise() {
    if (!specialised) {
      specialised = true;
      path = RecordLinks.specialise(path);
    }
  }

  /** Returns the step's per-record path: the emitter its stage is handed. */
  RecordPath path() {
    return path;
  }

  /** Returns the step's part in checkpoints: barriers arriving, inputs ending, a sink's commit. */
  StepBarriers barriers() {
    return barriers;
  }

  /** Returns the channel to this step's dead-letter sink, or {@code null} if it has none. */
  DeadLetterChannel deadLetters() {
    return recovery.deadLetters();
  }

  /** Connects a side output: what the stage emits to side output {@code port} goes to target. */
  public void connectSide(String port, Emitter<Object> target) {
    sideOutputs.connect(Preconditions.checkNotNull(port, "stage '%s': side output name", name),
        Preconditions.checkNotNull(target, "stage '%s': side output target", name));
  }

  /** Returns the records emitted to each output: {@link io.sluice.api.Port#MAIN}, then sides. */
  public Map<String, Long> emittedByPort() {
    return sideOutputs.byPort(tally.emitted, tally.sideEmitted);
  }

  /**
   * Shows every batch the dispatch delivers, with its reason and a copy, before the stage is
   * called: how the testkit's harness lists the flushes of the stage it drives.
   */
  public void observeFlushes(BiConsumer<FlushReason, List<Object>> observer) {
    batch.observeFlushes(observer); // per-record dispatch delivers no batch
  }

  /** Returns the counts per output of a snapshot this step's tally published. */
  Map<String, Long> emittedByPort(Tally.Counts published) {
    return sideOutputs.byPort(published.emitted(), published.sideEmitted());
  }

  /**
   * Sets a quick action run after each batch call returns: the worker publishing what the batch
   * emitted to a consumer that waits, so the batch's output leaves as one unit.
   */
  public void afterBatch(Runnable hook) {
    batch.afterBatch(Preconditions.checkNotNull(hook, "stage '%s': afterBatch hook", name));
  }

  /** Tells whether the step failed and strands what reaches it. */
  public boolean hasFailed() {
    return path.hasFailed();
  }

  /** Marks the step failed once its own failure was recorded; rethrows anything else. */
  void failed(StageFailedException e) {
    if (!recovery.isOwn(e)) {
      throw e;
    }
    path.markFailed();
    abandonPending();
  }

  /** Returns the stage name. */
  public String name() {
    return name;
  }

  /** Returns the stage kind. */
  public StageKind kind() {
    return kind;
  }

  /**
   * Opens the stage.
   *
   * @throws StageFailedException if the stage's open threw
   */
  public void open() {
    path.own();
    if (!lifecycle.open(stage, context)) {
      path.markFailed();
    }
  }

  /**
   * Closes the stage, if it was opened, and lets go of its dead-letter sink, recording a failure
   * if either close threw (an {@code Error} included); the other stages go on. Call it for every
   * step of a thread, opened or not; only the first call does anything.
   */
  public void close() {
    lifecycle.close(stage);
  }

  /** Takes one record: processes it now (per record) or adds it to the batch, flushing on size. */
  public void accept(Object record) {
    if (perRecord) {
      path.receive(record); // kept small: it is inlined into the worker's loop
    } else {
      batch.accept(record);
    }
  }

  /**
   * Takes the records {@code items[from..to)} in order, as {@link #accept} one by one would; if a
   * call throws, the records taken so far, the one that threw included, are those this step's
   * {@linkplain #report received count} grew by.
   */
  public void acceptAll(Object[] items, int from, int to) {
    if (perRecord) {
      path.receiveAll(items, from, to); // one call per chunk: the loop runs in the step's own copy
    } else {
      for (int i = from; i < to; i++) {
        batch.accept(items[i]);
      }
    }
  }

  // The batching side, for the workers and the testkit's drivers: see StepBatch, whose null
  // object under per-record dispatch has nothing pending, nothing due and nothing to flush.

  /** Returns the size of a batch {@link #acceptWhole} takes: the maximum batch size, or 0. */
  public int wholeBatchSize() {
    return batch.maxSize();
  }

  /**
   * Takes {@code count} records that arrived together, {@link #wholeBatchSize()} of them, while no
   * batch is pending: one full batch, handed to the stage in place (flush reason SIZE) without
   * being copied; the same batch, reason and counts as {@link #accept} one by one. The array's
   * slots are cleared afterwards.
   *
   * @throws IllegalStateException if a batch is pending or {@code count} is not a full batch
   */
  public void acceptWhole(Object[] items, int from, int count) {
    batch.acceptWhole(items, from, count);
  }

  /** Under {@linkplain Dispatch#smart(int) smart batching}, flushes what waits (ARRIVED). */
  public void flushArrived() {
    batch.flushArrived();
  }

  /** Tells whether this step's batches are flushed as soon as its input has nothing more. */
  public boolean isSmart() {
    return batch.isSmart();
  }

  /** Hands the pending batch, if any, to the stage; an empty batch is never delivered. */
  public void flush(FlushReason reason) {
    batch.flush(reason);
    if (reason == FlushReason.END_OF_STREAM || reason == FlushReason.DRAIN) {
      barriers.streamEnded(); // called only once every input has ended
    }
  }

  /** Flushes the pending batch (TIME) if its deadline is at or before {@code now}; says if so. */
  public boolean flushIfDue(long now) {
    return batch.flushIfDue(now);
  }

  /** Counts the records of the pending batch as stranded and drops them (a stopped run). */
  public void abandonPending() {
    batch.abandonPending();
  }

  /** Returns when the pending batch falls due, or {@code Long.MAX_VALUE} if none waits on time. */
  public long deadline() {
    return batch.deadline();
  }

  /** Returns how many records wait in the pending batch. */
  public int pending() {
    return batch.pending();
  }

  /** Hands a record on to the main output, counting it: what a call's held output releases. */
  void pass(Object record) {
    path.pass(record);
  }

  /** Hands a record on to a connected side output, counting it, as {@link #pass} does. */
  void passSide(String port, Object record) {
    path.passSide(port, record);
  }

  /** Emits through the step's {@link RecordPath}: valid only during a call of the stage. */
  @Override
  public <X> void emit(SideOutput<X> output, X record) {
    path.emit(output, record);
  }

  /** Emits through the step's {@link RecordPath}: valid only during a call of the stage. */
  @Override
  public void emit(Object record) {
    path.emit(record);
  }

  /** Returns the stage, for the calls that {@link Recovery} and {@link BatchCalls} make. */
  Stage<Object, Object> stage() {
    return stage;
  }

  Context context() {
    return context;
  }

  RunControl control() {
    return control;
  }

  /** Returns every count of this step: received, emitted, each fate, retries and batches. */
  Tally tally() {
    return tally;
  }

  /** Returns the step's timing meters. */
  StageMeters meters() {
    return meters;
  }

  /** Replaces the step's meters (to turn timing off), before the step runs. */
  void useMeters(StageMeters newMeters) {
    this.meters = Preconditions.checkNotNull(newMeters, "stage '%s': meters", name);
  }

  /** Tells whether records are handed to this step one by one. */
  public boolean perRecord() {
    return perRecord;
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
