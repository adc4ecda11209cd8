package io.sluice.runtime.engine;

import io.sluice.api.Dispatch;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageContext;

/**
 * The {@link StageContext} handed to a stage's open.
 *
 * @param pipelineName the pipeline
 * @param stageName the stage
 * @param dispatch the stage's dispatch
 * @param clock the run's clock
 */
public record Context(String pipelineName, String stageName, Dispatch dispatch,
    PipelineClock clock) implements StageContext {}
