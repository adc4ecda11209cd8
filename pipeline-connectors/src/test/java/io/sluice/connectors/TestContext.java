package io.sluice.connectors;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageContext;

/** A stage context for calling a source's or sink's methods directly, without a runner. */
public record TestContext(String stageName, Dispatch dispatch) implements StageContext {

  public static TestContext of(String stageName) {
    return new TestContext(stageName, Dispatch.perRecord());
  }

  @Override
  public String pipelineName() {
    return "test";
  }

  @Override
  public PipelineClock clock() {
    return PipelineClock.system();
  }

  @Override
  public FlushReason flushReason() {
    return null;
  }
}
