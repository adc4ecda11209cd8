package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.util.List;

/** A sink seen as a stage that emits nothing, so one step type drives both. */
final class SinkStage<T> implements Stage<T, Object> {
  private final Sink<T> sink;

  SinkStage(Sink<T> sink) {
    this.sink = sink;
  }

  @Override
  public void open(StageContext context) throws Exception {
    sink.open(context);
  }

  @Override
  public void process(T record, Emitter<Object> out) throws Exception {
    sink.write(record);
  }

  @Override
  public void processBatch(List<T> batch, Emitter<Object> out) throws Exception {
    sink.writeBatch(batch);
  }

  @Override
  public boolean allowsBatchSplitting() {
    return sink.allowsBatchSplitting();
  }

  /** Lets the sink commit for a checkpoint ({@code Sink.onCheckpoint}). */
  void onCheckpoint(long checkpointId) throws Exception {
    sink.onCheckpoint(checkpointId);
  }

  @Override
  public void close() throws Exception {
    sink.close();
  }

  @Override
  public boolean handlesBatches() {
    return sink.handlesBatches();
  }

  @Override
  public String toString() {
    return sink.toString();
  }
}
