package io.sluice.flow.tck;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.flow.Flows;
import io.sluice.flow.PublisherSink;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterMethod;

/**
 * The Reactive Streams TCK on {@link PublisherSink}: every publisher under test is the output of a
 * real run, a source of {@code elements} numbers through a stage into the sink, on the local
 * runner. The failed publisher is the output of a run whose stage throws.
 */
public class PublisherSinkTckTest extends FlowPublisherVerification<Long> {
  private final StartedRuns runs = new StartedRuns();

  public PublisherSinkTckTest() {
    super(TckTiming.environment(), TckTiming.GC_TIMEOUT_MILLIS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    PublisherSink<Long> sink = Flows.publisherSink();
    RunningPipeline<Long> run = runs.track(Pipeline.named("tck-publisher")
        .from("numbers", Source.fromIterable(() -> LongStream.range(0, elements).iterator()))
        .map("same", n -> n)
        .to("out", sink)
        .start());
    return runs.cancellable(sink.publisher(run));
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    PublisherSink<Long> sink = Flows.publisherSink();
    RunningPipeline<Long> run = runs.track(Pipeline.named("tck-failed")
        .from("numbers", Source.of(1L))
        .<Long>map("explode", n -> {
          throw new IllegalStateException("stage failure for the TCK");
        })
        .to("out", sink)
        .start());
    return runs.cancellable(sink.publisher(run));
  }

  @AfterMethod
  public void endRuns() throws Exception {
    runs.endAll();
  }
}
