package io.sluice.testkit;

import io.sluice.api.Emitter;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.util.List;
import java.util.Set;

/** A stage that throws {@link InjectedFault} as a {@link FaultPlan} says, else delegates. */
final class FaultyStage<I, O> implements Stage<I, O> {
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

  static <T> Sink<T> asSink(Sink<T> sink, Set<?> poison, boolean failOpen, boolean failClose) {
    Stage<T, Void> asStage = new Stage<>() {
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
      public void close() throws Exception {
        sink.close();
      }
    };
    FaultyStage<T, Void> faulty = new FaultyStage<>(asStage, poison, failOpen, failClose);
    return new Sink<>() {
      @Override
      public void open(StageContext context) throws Exception {
        faulty.open(context);
      }

      @Override
      public void write(T record) throws Exception {
        faulty.process(record, null);
      }

      @Override
      public void writeBatch(List<T> batch) throws Exception {
        faulty.processBatch(batch, null);
      }

      @Override
      public void close() throws Exception {
        faulty.close();
      }
    };
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

  @Override
  public void processBatch(List<I> batch, Emitter<O> out) throws Exception {
    for (I record : batch) {
      if (poison.contains(record)) {
        throw new InjectedFault("injected fault: stage '" + name + "' on a batch of "
            + batch.size() + " holding poison record " + record);
      }
    }
    stage.processBatch(batch, out);
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
}
