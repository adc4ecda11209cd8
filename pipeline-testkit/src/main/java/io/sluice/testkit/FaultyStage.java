package io.sluice.testkit;

import io.sluice.api.Emitter;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.util.List;
import java.util.Set;

/**
 * A stage that throws {@link InjectedFault} as a {@link FaultPlan} says, else delegates. It is
 * called the way the real stage would be: it has its own {@code processBatch} (a subclass) only
 * when the real stage has one, because a runner calls a stage without one per record even under a
 * batched dispatch, and an error policy then acts per record rather than on the batch. It allows
 * batch splitting exactly when the real stage does.
 */
class FaultyStage<I, O> implements Stage<I, O> {
  private final Stage<I, O> stage;
  private final Set<?> poison;
  private final boolean failOpen;
  private final boolean failClose;
  private String name = "(not opened)";
  private boolean delegateOpened;

  FaultyStage(Stage<I, O> stage, Set<?> poison, boolean failOpen, boolean failClose) {
    this.stage = stage;
    this.poison = Set.copyOf(poison);
    this.failOpen = failOpen;
    this.failClose = failClose;
  }

  /** Wraps a stage, with a {@code processBatch} of its own exactly when the stage has one. */
  static <I, O> FaultyStage<I, O> of(Stage<I, O> stage, Set<?> poison, boolean failOpen,
      boolean failClose) {
    return stage.handlesBatches() ? new Batching<>(stage, poison, failOpen, failClose)
        : new FaultyStage<>(stage, poison, failOpen, failClose);
  }

  /** Wraps a sink, with a {@code writeBatch} of its own exactly when the sink has one. */
  static <T> Sink<T> asSink(Sink<T> sink, Set<?> poison, boolean failOpen, boolean failClose) {
    FaultyStage<T, Void> faulty = of(new SinkAsStage<>(sink), poison, failOpen, failClose);
    return sink.handlesBatches() ? new BatchingSink<>(faulty) : new RecordSink<>(faulty);
  }

  @Override
  public void open(StageContext context) throws Exception {
    name = context.stageName();
    if (failOpen) {
      throw new InjectedFault("injected fault: open of stage '" + name + "'");
    }
    delegateOpened = true;
    stage.open(context);
  }

  @Override
  public void process(I record, Emitter<O> out) throws Exception {
    if (poison.contains(record)) {
      throw new InjectedFault("injected fault: stage '" + name + "' on poison record " + record);
    }
    stage.process(record, out);
  }

  /** Throws if the batch holds a poison record, else hands the whole batch to the stage. */
  void processWholeBatch(List<I> batch, Emitter<O> out) throws Exception {
    for (I record : batch) {
      if (poison.contains(record)) {
        throw new InjectedFault("injected fault: stage '" + name + "' on a batch of "
            + batch.size() + " holding poison record " + record);
      }
    }
    stage.processBatch(batch, out);
  }

  @Override
  public boolean allowsBatchSplitting() {
    return stage.allowsBatchSplitting();
  }

  @Override
  public void close() throws Exception {
    if (delegateOpened) {
      stage.close(); // only a stage whose open was called gets closed
    }
    if (failClose) {
      throw new InjectedFault("injected fault: close of stage '" + name + "'");
    }
  }

  /** A faulty stage wrapping one that has its own {@code processBatch}. */
  private static final class Batching<I, O> extends FaultyStage<I, O> {
    Batching(Stage<I, O> stage, Set<?> poison, boolean failOpen, boolean failClose) {
      super(stage, poison, failOpen, failClose);
    }

    @Override
    public void processBatch(List<I> batch, Emitter<O> out) throws Exception {
      processWholeBatch(batch, out);
    }
  }

  /** A sink seen as a stage, so one wrapper injects faults into both. */
  private static final class SinkAsStage<T> implements Stage<T, Void> {
    private final Sink<T> sink;

    SinkAsStage(Sink<T> sink) {
      this.sink = sink;
    }

    @Override
    public void open(StageContext context) throws Exception {
      sink.open(context);
    }

    @Override
    public void process(T record, Emitter<Void> out) throws Exception {
      sink.write(record);
    }

    @Override
    public void processBatch(List<T> batch, Emitter<Void> out) throws Exception {
      sink.writeBatch(batch);
    }

    @Override
    public boolean allowsBatchSplitting() {
      return sink.allowsBatchSplitting();
    }

    @Override
    public void close() throws Exception {
      sink.close();
    }
  }

  /** A faulty sink whose real sink has only {@code write}. */
  private static class RecordSink<T> implements Sink<T> {
    final FaultyStage<T, Void> faulty;

    RecordSink(FaultyStage<T, Void> faulty) {
      this.faulty = faulty;
    }

    @Override
    public void open(StageContext context) throws Exception {
      faulty.open(context);
    }

    @Override
    public void write(T record) throws Exception {
      faulty.process(record, null);
    }

    @Override
    public boolean allowsBatchSplitting() {
      return faulty.allowsBatchSplitting();
    }

    @Override
    public void close() throws Exception {
      faulty.close();
    }
  }

  /** A faulty sink whose real sink has its own {@code writeBatch}. */
  private static final class BatchingSink<T> extends RecordSink<T> {
    BatchingSink(FaultyStage<T, Void> faulty) {
      super(faulty);
    }

    @Override
    public void writeBatch(List<T> batch) throws Exception {
      faulty.processWholeBatch(batch, null);
    }
  }
}
