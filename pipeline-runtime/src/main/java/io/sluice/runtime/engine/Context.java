package io.sluice.runtime.engine;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageContext;

/**
 * The {@link StageContext} of one stage instance. The flush reason is set by the step that owns
 * the context, on the stage's thread, around each batch.
 */
public final class Context implements StageContext {
  private final String pipelineName;
  private final String stageName;
  private final Dispatch dispatch;
  private final PipelineClock clock;
  private FlushReason flushReason;

  /**
   * Creates a context.
   *
   * @param pipelineName the pipeline
   * @param stageName the stage
   * @param dispatch the stage's dispatch ({@code perRecord()} for an input)
   * @param clock the run's clock
   */
  public Context(String pipelineName, String stageName, Dispatch dispatch, PipelineClock clock) {
    this.pipelineName = pipelineName;
    this.stageName = stageName;
    this.dispatch = dispatch;
    this.clock = clock;
  }

  @Override
  public String pipelineName() {
    return pipelineName;
  }

  @Override
  public String stageName() {
    return stageName;
  }

  @Override
  public Dispatch dispatch() {
    return dispatch;
  }

  @Override
  public PipelineClock clock() {
    return clock;
  }

  @Override
  public FlushReason flushReason() {
    return flushReason;
  }

  void flushReason(FlushReason reason) {
    this.flushReason = reason;
  }

  @Override
  public String toString() {
    return "stage '" + stageName + "' of pipeline '" + pipelineName + "'";
  }
}
