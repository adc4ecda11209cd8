package io.sluice.flow;

import io.sluice.api.Emitter;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Source} that subscribes to a {@link Flow.Publisher} when a run opens it and emits what
 * the publisher sends. Made by {@link Flows#source(Flow.Publisher, int)}.
 *
 * <p>Demand is bounded by the prefetch: the source asks for {@code prefetch} records, and asks for
 * more only as the records it holds are emitted into the pipeline. Emitting waits while the next
 * ring is full, so a slow pipeline stops the requests and the publisher, never a growing buffer.
 * Every {@code request} and {@code cancel} is made on the source's thread (rule 2.7).
 *
 * <p>The publisher's {@code onComplete} ends the source once what it sent has been emitted (the run
 * then completes); its {@code onError} fails the run, after the records sent before it, with a
 * {@link io.sluice.api.StageFailedException} naming this source stage and caused by an
 * {@link UpstreamFailedException} carrying the publisher's error. Closing the run, cancelling it, or
 * a failure elsewhere cancels the subscription. Each run subscribes afresh, so a blueprint reading
 * this source may run again if the publisher accepts a new subscriber; two runs at once are refused.
 *
 * @param <T> the record type
 */
final class PublisherSource<T> implements Source<T> {
  private final Flow.Publisher<? extends T> publisher;
  private final int prefetch;
  /** The thread of the run reading this source: open, poll and close all happen on it. */
  private final AtomicReference<Thread> reader = new AtomicReference<>();
  /** The subscriber of the current run; read and replaced on the reader's thread only. */
  private Inlet<T> inlet;

  PublisherSource(Flow.Publisher<? extends T> publisher, int prefetch) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.prefetch = Flows.checkPrefetch(prefetch);
  }

  @Override
  public void open(StageContext context) {
    if (!reader.compareAndSet(null, Thread.currentThread())) {
      throw new IllegalStateException("source '" + context.stageName() + "' of pipeline '"
          + context.pipelineName() + "' is already read by another run; a publisher source serves "
          + "one run at a time (give the blueprint a factory, from(name, () -> Flows.source(..)), "
          + "for concurrent runs)");
    }
    inlet = new Inlet<>("source '" + context.stageName() + "' of pipeline '"
        + context.pipelineName() + "'", prefetch);
    publisher.subscribe(inlet);
  }

  @Override
  public boolean poll(Emitter<T> out) throws UpstreamFailedException {
    return inlet.emitReceived(out);
  }

  @Override
  public void close() {
    if (reader.get() != Thread.currentThread()) {
      return; // the close of a second run refused at open: the first run keeps its subscription
    }
    if (inlet != null) {
      inlet.cancel();
      inlet = null;
    }
    reader.set(null);
  }

  @Override
  public String toString() {
    return "Flows.source(" + publisher + ", prefetch " + prefetch + ")";
  }

  /**
   * The subscriber of one run: the publisher's threads fill its queue, the source's thread empties
   * it. The queue never holds more than was requested, and no more is requested than fits.
   */
  static final class Inlet<T> implements Flow.Subscriber<T> {
    /** Stands for "no subscription will be taken any more" in {@link #subscription}. */
    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    };

    private final String name;
    private final int prefetch;
    /** Ask for more once this many records were emitted, as one request (fewer calls upstream). */
    private final int replenishAt;
    private final Queue<T> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile Throwable failure;
    private volatile boolean completed;
    // the fields below are touched by the source's thread only
    private boolean requestedFirst;
    private int emittedSinceRequest;

    Inlet(String name, int prefetch) {
      this.name = name;
      this.prefetch = prefetch;
      this.replenishAt = Math.max(1, prefetch / 2);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      Objects.requireNonNull(s, "subscription");
      if (!subscription.compareAndSet(null, s)) {
        s.cancel(); // rule 2.5: a second subscription, or one arriving after the run closed
      }
    }

    @Override
    public void onNext(T item) {
      Objects.requireNonNull(item, "onNext item"); // rule 2.13
      if (queued.incrementAndGet() > prefetch) {
        failure = new IllegalStateException(name + ": the publisher sent more records than the "
            + prefetch + " requested (rule 1.1)");
        return;
      }
      received.offer(item);
    }

    @Override
    public void onError(Throwable error) {
      Objects.requireNonNull(error, "onError throwable"); // rule 2.13
      failure = error;
    }

    @Override
    public void onComplete() {
      completed = true;
    }

    /**
     * Emits what has arrived; on the source's thread. The first call after the subscription
     * arrived makes the first request (here, so every request comes from this one thread).
     */
    boolean emitReceived(Emitter<T> out) throws UpstreamFailedException {
      Flow.Subscription s = subscription.get();
      if (s == null || s == CANCELLED) {
        return true; // not subscribed yet: nothing to emit, the runner idles
      }
      // read the terminal state before draining: whatever arrived before it is in the queue
      Throwable error = failure;
      boolean done = completed;
      T item;
      while ((item = received.poll()) != null) {
        queued.decrementAndGet();
        out.emit(item); // waits while the next ring is full: that is the backpressure
        emittedSinceRequest++;
      }
      if (error != null) {
        throw new UpstreamFailedException(name + ": the publisher signalled onError", error);
      }
      if (done) {
        return false;
      }
      if (!requestedFirst) {
        requestedFirst = true;
        s.request(prefetch);
      } else if (emittedSinceRequest >= replenishAt) {
        s.request(emittedSinceRequest);
        emittedSinceRequest = 0;
      }
      return true;
    }

    /** Cancels the subscription, or refuses the one still to come; on the source's thread. */
    void cancel() {
      Flow.Subscription s = subscription.getAndSet(CANCELLED);
      if (s != null && s != CANCELLED && failure == null && !completed) {
        s.cancel();
      }
    }
  }
}
