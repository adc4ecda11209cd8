package io.sluice.testkit;

import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps the stage under a {@link StageHarness}: counts open and close calls, and records every batch
 * the dispatch delivers with its flush reason. Calls the stage exactly as the runtime would: whole
 * batches only if the stage {@linkplain Stage#handlesBatches() handles them}, else per record.
 */
final class LifecycleProbe implements Stage<Object, Object> {
  private final Stage<Object, Object> stage;
  private final List<Batch<Object>> batches = new ArrayList<>();
  private StageContext context;
  private int opens;
  private int closes;

  @SuppressWarnings("unchecked")
  LifecycleProbe(Stage<?, ?> stage) {
    this.stage = (Stage<Object, Object>) stage;
  }

  @Override
  public void open(StageContext ctx) throws Exception {
    opens++;
    context = ctx;
    stage.open(ctx);
  }

  @Override
  public void process(Object record, Emitter<Object> out) throws Exception {
    stage.process(record, out);
  }

  @Override
  public void processBatch(List<Object> batch, Emitter<Object> out) throws Exception {
    stage.processBatch(batch, out);
  }

  @Override
  public boolean handlesBatches() {
    return stage.handlesBatches(); // called as the runtime would call the stage itself
  }

  @Override
  public boolean allowsBatchSplitting() {
    return stage.allowsBatchSplitting();
  }

  /** Records a batch the dispatch delivered, before the stage is called with it. */
  void flushed(FlushReason reason, List<Object> batch) {
    batches.add(new Batch<>(reason, batch));
  }

  @Override
  public void close() throws Exception {
    closes++;
    stage.close();
  }

  int opens() {
    return opens;
  }

  int closes() {
    return closes;
  }

  List<Batch<Object>> batches() {
    return batches;
  }
}
