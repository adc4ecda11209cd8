package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageFailedException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The batching side of one {@link Step} under a batched {@link Dispatch}: accumulates records into
 * the pending batch, flushes it on size, on its deadline ({@code maxWait}), when the input has
 * nothing more (smart batching) or when the stream ends, and hands each flushed batch to
 * {@link BatchCalls}. A full batch that arrived in one ring chunk is adopted in place. An empty
 * batch is never delivered. Used by the step's thread only.
 *
 * <p>A step under per-record dispatch has one too, that never holds a record ({@link #none}):
 * nothing is pending, nothing falls due, flushing does nothing and no whole batch is taken, so
 * the step's batching entry points need no case of their own. Such a step hands its records to
 * its {@link RecordPath}, never to {@link #accept}.
 */
final class StepBatch {
  private final Step step;
  private final Tally tally;
  private final boolean smart;
  /** The largest batch; 0 under per-record dispatch. */
  private final int maxSize;
  private final long maxWaitNanos;
  private final PipelineClock clock;
  private final PendingBatch batch;
  /** The calls of the stage with a flushed batch; {@code null} under per-record dispatch. */
  private final BatchCalls batchCalls;
  private BiConsumer<FlushReason, List<Object>> flushObserver;
  private Runnable afterBatch = () -> { };
  private long deadline = Long.MAX_VALUE;

  /**
   * @param perRecordCalls whether the stage is called per record (it inherits processBatch)
   * @param hold whether a call's output is held until it returns (the policy may call again)
   * @param split whether failed batches are split to isolate their failing records
   */
  StepBatch(Step step, Tally tally, Recovery recovery, Dispatch dispatch, PipelineClock clock,
      boolean perRecordCalls, boolean hold, boolean split) {
    this.step = step;
    this.tally = tally;
    this.smart = dispatch.isSmart();
    this.maxSize = dispatch.maxSize();
    this.maxWaitNanos = dispatch.maxWaitNanos();
    this.clock = clock;
    this.batch = new PendingBatch(maxSize);
    this.batchCalls = new BatchCalls(step, tally, recovery, Collections.unmodifiableList(batch),
        perRecordCalls, hold, split);
  }

  /** Returns the batching side of a step under per-record dispatch: it never holds a record. */
  static StepBatch none(Step step, Tally tally) {
    return new StepBatch(step, tally);
  }

  private StepBatch(Step step, Tally tally) {
    this.step = step;
    this.tally = tally;
    this.smart = false;
    this.maxSize = 0;
    this.maxWaitNanos = Long.MAX_VALUE;
    this.clock = null;
    this.batch = new PendingBatch(0);
    this.batchCalls = null;
  }

  /** Tells whether this is the side of a step under per-record dispatch, which holds nothing. */
  boolean isNone() {
    return maxSize == 0;
  }

  void observeFlushes(BiConsumer<FlushReason, List<Object>> observer) {
    this.flushObserver = observer;
  }

  void afterBatch(Runnable hook) {
    this.afterBatch = hook;
  }

  boolean isSmart() {
    return smart;
  }

  int maxSize() {
    return maxSize;
  }

  /** Takes one record into the pending batch, or strands it once the step has failed. */
  void accept(Object record) {
    tally.received++;
    if (step.hasFailed()) {
      tally.stranded++;
      return;
    }
    try {
      add(record);
    } catch (StageFailedException e) {
      step.failed(e);
    }
  }

  /** Adds a record to the pending batch, starting its deadline if it is the first; flushes on size. */
  private void add(Object record) {
    if (batch.isEmpty() && maxWaitNanos != Long.MAX_VALUE) {
      deadline = Nanos.saturatedAdd(clock.nanoTime(), maxWaitNanos);
    }
    batch.add(record);
    if (batch.size() >= maxSize) {
      flush(FlushReason.SIZE);
    }
  }

  /** See {@link Step#acceptWhole}. */
  void acceptWhole(Object[] items, int from, int count) {
    Preconditions.checkState(!isNone(),
        "stage '%s': %s records cannot be taken whole (per-record dispatch)", step.name(), count);
    Preconditions.checkState(count == maxSize && batch.isEmpty(),
        "stage '%s': %s records cannot be taken whole (batch size %s, %s pending)", step.name(),
        count, maxSize, batch.size());
    tally.received += count;
    if (step.hasFailed()) {
      tally.stranded += count;
      Arrays.fill(items, from, from + count, null);
      return;
    }
    batch.adopt(items, from, count);
    flush(FlushReason.SIZE);
  }

  /** Under smart batching, flushes the pending batch with reason ARRIVED. */
  void flushArrived() {
    if (smart && !batch.isEmpty()) {
      flush(FlushReason.ARRIVED);
    }
  }

  /** Hands the pending batch, if any, to the stage. */
  void flush(FlushReason reason) {
    if (batch.isEmpty()) {
      return;
    }
    if (step.hasFailed()) {
      abandonPending();
      return;
    }
    tally.batches[reason.ordinal()]++;
    deadline = Long.MAX_VALUE;
    if (flushObserver != null) {
      flushObserver.accept(reason, List.copyOf(batch));
    }
    int size = batch.size();
    StageMeters meters = step.meters();
    long start = meters.timing() ? System.nanoTime() : 0L; // real time, whatever the clock
    try {
      batchCalls.run(reason, batch);
    } catch (StageFailedException e) {
      step.failed(e);
      return;
    }
    meters.batch(size, meters.timing() ? System.nanoTime() - start : 0L);
    afterBatch.run();
  }

  /** Flushes the pending batch with reason TIME if its deadline has passed. */
  boolean flushIfDue(long now) {
    if (now - deadline >= 0 && !batch.isEmpty()) {
      flush(FlushReason.TIME);
      return true;
    }
    return false;
  }

  /** Counts the records waiting in the pending batch as stranded and drops them. */
  void abandonPending() {
    tally.stranded += batch.size();
    batch.clear();
    deadline = Long.MAX_VALUE;
  }

  long deadline() {
    return batch.isEmpty() ? Long.MAX_VALUE : deadline;
  }

  int pending() {
    return batch.size();
  }
}
