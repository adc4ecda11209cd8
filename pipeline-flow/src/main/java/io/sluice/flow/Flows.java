package io.sluice.flow;

import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.util.concurrent.Flow;

/**
 * {@link java.util.concurrent.Flow} (Reactive Streams) in and out of pipelines, so that Reactor,
 * RxJava, Mutiny, the JDK's {@code HttpClient}, Helidon or Pekko Streams can feed a pipeline and
 * consume its output, with backpressure both ways.
 *
 * <ul>
 *   <li>{@link #source(Flow.Publisher)}: a pipeline's {@link Source} reading a publisher;</li>
 *   <li>{@link #subscriber(RunningPipeline)}: a subscriber pushing into a running live pipeline;</li>
 *   <li>{@link #publisherSink()}: a sink whose records a publisher hands to a subscriber.</li>
 * </ul>
 *
 * <p>Demand is always bounded: a source or subscriber requests at most {@code prefetch} records
 * ahead of what the pipeline has taken ({@value #DEFAULT_PREFETCH} unless given), and a publisher
 * sink hands on only what its subscriber requested, holding the pipeline back meanwhile.
 */
public final class Flows {
  /** The demand a source or subscriber keeps outstanding unless told otherwise. */
  public static final int DEFAULT_PREFETCH = 256;

  /** The largest prefetch accepted; more would be a buffer, not a bound. */
  public static final int MAX_PREFETCH = 1 << 20;

  private Flows() {}

  /**
   * Returns a source that subscribes to {@code publisher} when a run opens it and emits what the
   * publisher sends, requesting {@value #DEFAULT_PREFETCH} records ahead. The publisher's
   * {@code onComplete} ends the source; its {@code onError} fails the run naming the source stage;
   * closing or cancelling the run cancels the subscription. See {@link #source(Flow.Publisher,
   * int)}.
   *
   * @param publisher the publisher; subscribed once per run
   * @param <T> the record type
   * @return the source
   * @throws NullPointerException if {@code publisher} is {@code null}
   */
  public static <T> Source<T> source(Flow.Publisher<? extends T> publisher) {
    return source(publisher, DEFAULT_PREFETCH);
  }

  /**
   * Returns a source that subscribes to {@code publisher} when a run opens it and emits what the
   * publisher sends. It requests {@code prefetch} records, holds at most that many, and requests
   * more only as they are emitted into the pipeline, where emitting waits while the next ring is
   * full: a slow pipeline slows the publisher and never grows a buffer.
   *
   * <p>{@code onComplete} ends the source once every record received is emitted. {@code onError}
   * fails the run once the records received before it are emitted (like any failure, it then
   * stops at once, abandoning what is still in the rings), with a
   * {@link io.sluice.api.StageFailedException} naming the source stage, caused by an
   * {@link UpstreamFailedException} whose cause is the publisher's error; so does a publisher
   * sending more than was requested. Closing the run (drain) or cancelling it, or a failure of
   * another stage, cancels the subscription.
   *
   * <p>The blueprint shares this instance by every run; each run subscribes afresh, and two runs at
   * once are refused (use {@code from(name, () -> Flows.source(..))} for that).
   *
   * @param publisher the publisher; subscribed once per run
   * @param prefetch how many records to request ahead, 1 to {@value #MAX_PREFETCH}
   * @param <T> the record type
   * @return the source
   * @throws NullPointerException if {@code publisher} is {@code null}
   * @throws IllegalArgumentException if {@code prefetch} is out of range
   */
  public static <T> Source<T> source(Flow.Publisher<? extends T> publisher, int prefetch) {
    return new PublisherSource<>(publisher, prefetch);
  }

  /**
   * Returns a subscriber pushing what it receives into the input of {@code run}, a running live
   * pipeline ({@code Pipeline.live(..)}), requesting {@value #DEFAULT_PREFETCH} records ahead. See
   * {@link #subscriber(RunningPipeline, int)}.
   *
   * @param run the running live pipeline
   * @param <T> the record type of its input
   * @return the subscriber, for one publisher
   * @throws NullPointerException if {@code run} is {@code null}
   * @throws IllegalStateException if the pipeline reads from a source instead of a live input
   */
  public static <T> LiveInputSubscriber<T> subscriber(RunningPipeline<T> run) {
    return subscriber(run, DEFAULT_PREFETCH);
  }

  /**
   * Returns a subscriber pushing what it receives into the input of {@code run}, a running live
   * pipeline. It requests {@code prefetch} records and more as the pipeline accepts them; its
   * {@code onNext} waits while the first ring is full. {@code onComplete} completes the input;
   * {@code onError} cancels the run (see {@link LiveInputSubscriber} for why, and for the rest).
   *
   * @param run the running live pipeline
   * @param prefetch how many records to request ahead, 1 to {@value #MAX_PREFETCH}
   * @param <T> the record type of its input
   * @return the subscriber, for one publisher
   * @throws NullPointerException if {@code run} is {@code null}
   * @throws IllegalStateException if the pipeline reads from a source instead of a live input
   * @throws IllegalArgumentException if {@code prefetch} is out of range
   */
  public static <T> LiveInputSubscriber<T> subscriber(RunningPipeline<T> run, int prefetch) {
    return new LiveInputSubscriber<>(run, prefetch);
  }

  /**
   * Returns a sink whose records {@link PublisherSink#publisher} hands to one subscriber as it
   * requests them, holding the pipeline back meanwhile; the subscriber's cancel cancels the run.
   *
   * @param <T> the record type
   * @return a new sink, for one run
   */
  public static <T> PublisherSink<T> publisherSink() {
    return publisherSink(WhenSubscriberCancels.CANCEL_RUN);
  }

  /**
   * Returns a sink whose records {@link PublisherSink#publisher} hands to one subscriber as it
   * requests them, holding the pipeline back meanwhile.
   *
   * @param whenCancelled what the subscriber's cancel does to the run
   * @param <T> the record type
   * @return a new sink, for one run
   * @throws NullPointerException if {@code whenCancelled} is {@code null}
   */
  public static <T> PublisherSink<T> publisherSink(WhenSubscriberCancels whenCancelled) {
    return new PublisherSink<>(whenCancelled);
  }

  static int checkPrefetch(int prefetch) {
    if (prefetch < 1 || prefetch > MAX_PREFETCH) {
      throw new IllegalArgumentException("prefetch must be between 1 and " + MAX_PREFETCH
          + " but was " + prefetch);
    }
    return prefetch;
  }
}
