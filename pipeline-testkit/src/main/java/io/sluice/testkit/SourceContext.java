package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageContext;

/**
 * The context a deterministic run gives its source. Besides the usual facts it carries the run's
 * wake-up, so a {@link TestSource} pushed to on the test thread gets its records pulled through
 * the pipeline before {@code push} returns.
 */
final class SourceContext implements StageContext {
  private final String pipelineName;
  private final String stageName;
  private final PipelineClock clock;
  private final Runnable wakeUp;

  SourceContext(String pipelineName, String stageName, PipelineClock clock, Runnable wakeUp) {
    this.pipelineName = pipelineName;
    this.stageName = stageName;
    this.clock = clock;
    this.wakeUp = wakeUp;
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
    return Dispatch.perRecord();
  }

  @Override
  public PipelineClock clock() {
    return clock;
  }

  @Override
  public FlushReason flushReason() {
    return null;
  }

  Runnable wakeUp() {
    return wakeUp;
  }

  @Override
  public String toString() {
    return "source '" + stageName + "' of pipeline '" + pipelineName + "' (deterministic)";
  }
}
