package io.sluice.runtime.engine;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stage instance at work: takes records one at a time, hands them to the stage per record or
 * in batches according to its {@link Dispatch}, counts, and passes what the stage emits downstream
 * (the next step on the same thread, or the outbox to the next ring). Used by one thread only;
 * reusable by any runner that drives it (the local runtime, the testkit's deterministic runner).
 */
public final class Step implements Emitter<Object> {
  private final String name;
  private final StageKind kind;
  private final Stage<Object, Object> stage;
  private final Context context;
  private final RunControl control;
  private final boolean batched;
  private final int maxSize;
  private final long maxWaitNanos;
  private final PipelineClock clock;
  private final ArrayList<Object> batch;
  private final List<Object> batchView;
  private final long[] batchesByReason = new long[FlushReason.values().length];
  private Emitter<Object> downstream;
  private long deadline = Long.MAX_VALUE;
  private long received;
  private long emitted;

  /**
   * Creates a step.
   *
   * @param kind the stage's kind
   * @param stage the stage instance (a sink adapted with {@link #sinkAsStage})
   * @param context the stage's context, giving its name, dispatch and clock
   * @param control the run's control, told of failures
   */
  @SuppressWarnings("unchecked")
  public Step(StageKind kind, Stage<?, ?> stage, Context context, RunControl control) {
    this.name = context.stageName();
    this.kind = kind;
    this.stage = (Stage<Object, Object>) stage;
    this.context = context;
    this.control = control;
    Dispatch dispatch = context.dispatch();
    this.batched = dispatch.isBatched();
    this.maxSize = dispatch.maxSize();
    this.maxWaitNanos = dispatch.maxWaitNanos();
    this.clock = context.clock();
    this.batch = new ArrayList<>(batched ? Math.min(maxSize, 1 << 16) : 0);
    this.batchView = Collections.unmodifiableList(batch);
  }

  /**
   * Adapts a sink to the stage shape, so steps treat both alike.
   *
   * @param sink the sink
   * @return a stage that writes to the sink and emits nothing
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Stage<?, ?> sinkAsStage(io.sluice.api.Sink<?> sink) {
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
    try {
      stage.open(context);
    } catch (Exception e) {
      throw control.fail(name, null, null, e);
    }
  }

  /**
   * Closes the stage, recording a failure if its close threw.
   */
  public void close() {
    try {
      stage.close();
    } catch (Exception e) {
      control.fail(name, null, null, e);
    }
  }

  /**
   * Takes one record: processes it now (per record) or adds it to the batch, flushing on size.
   *
   * @param record the record
   */
  public void accept(Object record) {
    received++;
    if (!batched) {
      try {
        stage.process(record, this);
      } catch (StageFailedException | Stopped e) {
        throw e;
      } catch (Exception e) {
        throw control.fail(name, record, null, e);
      }
      return;
    }
    if (batch.isEmpty() && maxWaitNanos != Long.MAX_VALUE) {
      deadline = saturatedAdd(clock.nanoTime(), maxWaitNanos);
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
    if (batch.isEmpty()) {
      return;
    }
    batchesByReason[reason.ordinal()]++;
    deadline = Long.MAX_VALUE;
    context.flushReason(reason);
    try {
      stage.processBatch(batchView, this);
    } catch (StageFailedException | Stopped e) {
      throw e;
    } catch (Exception e) {
      throw control.fail(name, null, batch, e);
    } finally {
      batch.clear();
      context.flushReason(null);
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

  @Override
  public void emit(Object record) {
    if (record == null) {
      throw new NullPointerException("stage '" + name + "' emitted null");
    }
    if (downstream == null) {
      throw new IllegalStateException("stage '" + name + "' is a " + kind + " and cannot emit");
    }
    emitted++;
    downstream.emit(record);
  }

  /**
   * Returns the records received.
   *
   * @return the count
   */
  public long received() {
    return received;
  }

  /**
   * Returns the records emitted.
   *
   * @return the count
   */
  public long emitted() {
    return emitted;
  }

  /**
   * Returns the batches delivered for a reason.
   *
   * @param reason the reason
   * @return the count
   */
  public long batches(FlushReason reason) {
    return batchesByReason[reason.ordinal()];
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE - 1 : sum;
  }
}
