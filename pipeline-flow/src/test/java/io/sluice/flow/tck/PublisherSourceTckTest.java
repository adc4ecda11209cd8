package io.sluice.flow.tck;

import io.sluice.api.Pipeline;
import io.sluice.flow.Flows;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Reactive Streams TCK on the subscriber inside {@link Flows#source}: each subscriber under
 * test is the one a running pipeline's source made when the run opened it (caught by a publisher
 * that keeps it instead of subscribing it), so the TCK drives the real source on its real thread.
 */
public class PublisherSourceTckTest extends SubscriberTck {
  @Override
  public Flow.Subscriber<Long> createFlowSubscriber() {
    AtomicReference<Flow.Subscriber<? super Long>> caught = new AtomicReference<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    Flow.Publisher<Long> catcher = subscriber -> {
      caught.set(subscriber);
      subscribed.countDown();
    };
    runs.track(Pipeline.named("tck-source")
        .from("publisher", Flows.source(catcher, 16))
        .to("collect", new ConcurrentLinkedQueue<Long>()::add)
        .start());
    try {
      if (!subscribed.await(TckTiming.SIGNAL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the source did not subscribe when its run opened it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    @SuppressWarnings("unchecked") // the source subscribes a Subscriber<Long>
    Flow.Subscriber<Long> subscriber = (Flow.Subscriber<Long>) caught.get();
    return subscriber;
  }
}
