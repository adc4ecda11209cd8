package io.sluice.flow.tck;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.flow.Flows;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK on {@link Flows#subscriber}: each subscriber under test feeds the live
 * input of its own running pipeline.
 */
public class LiveInputSubscriberTckTest extends SubscriberTck {
  @Override
  public Flow.Subscriber<Long> createFlowSubscriber() {
    RunningPipeline<Long> run = runs.track(Pipeline.live("tck-live", Long.class)
        .map("same", n -> n)
        .to("collect", new ConcurrentLinkedQueue<Long>()::add)
        .start());
    return Flows.subscriber(run, 16);
  }
}
