package io.sluice.runtime.engine;

import io.sluice.api.AsyncStage;
import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stage an {@link AsyncNode}'s launcher {@link Step} runs: it turns each record, or each batch
 * the stage's dispatch flushes, into an {@link AsyncCall} handed to the node, and emits nothing
 * (outputs come with completions). Opening and closing it opens and closes the user's stage.
 */
final class AsyncLauncher implements Stage<Object, Object> {
  private final AsyncStage<Object, Object> stage;
  private final Context context;
  private final Consumer<AsyncCall> queue;

  AsyncLauncher(AsyncStage<Object, Object> stage, Context context, Consumer<AsyncCall> queue) {
    this.stage = stage;
    this.context = context;
    this.queue = queue;
  }

  @Override
  public void open(StageContext ignored) throws Exception {
    stage.open(context); // the node's context: its clock and flush reasons are the launcher's
  }

  @Override
  public void process(Object record, Emitter<Object> out) {
    queue.accept(new AsyncCall(List.of(record), false, null));
  }

  @Override
  public void processBatch(List<Object> batch, Emitter<Object> out) {
    // the step reuses its batch list: the call keeps a copy
    queue.accept(new AsyncCall(List.copyOf(batch), true, context.flushReason()));
  }

  @Override
  public boolean handlesBatches() {
    return true;
  }

  @Override
  public void close() throws Exception {
    stage.close();
  }
}
