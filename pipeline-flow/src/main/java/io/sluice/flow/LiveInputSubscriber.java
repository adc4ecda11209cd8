package io.sluice.flow;

import io.sluice.api.LiveInput;
import io.sluice.api.RunningPipeline;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Subscriber} that pushes what it receives into the {@link LiveInput} of a running
 * live pipeline. Made by {@link Flows#subscriber(RunningPipeline, int)}; subscribe it to one
 * publisher.
 *
 * <p>Demand is bounded: it requests {@code prefetch} records, and more only as records are accepted
 * by the pipeline. {@code onNext} pushes with {@link LiveInput#push}, which waits while the first
 * ring is full, so the publisher's thread is held back by the pipeline (backpressure) and nothing
 * is buffered here. Every {@code request} is made from {@code onSubscribe} or {@code onNext}, hence
 * serially (rule 2.7).
 *
 * <p>Signals map onto the run as follows:
 * <ul>
 *   <li>{@code onComplete} completes the input: what was pushed flows to the end and the run
 *       completes.</li>
 *   <li>{@code onError} fails the run ({@link io.sluice.api.LiveInput#fail}): what was accepted
 *       drains, and the run ends FAILED with a {@code StageFailedException} naming the live input
 *       and caused by the error, as {@link Flows#source} does for a source; the error is also
 *       kept, see {@link #upstreamError()}.</li>
 *   <li>If the run stops taking records (it was closed, cancelled or failed, or someone else
 *       completed the input), the subscription is cancelled.</li>
 *   <li>If the thread is interrupted while {@code onNext} waits for room, the record is not
 *       accepted, the subscription is cancelled and so is the run (a lost record must not pass for a
 *       completed run); the interrupt status is kept.</li>
 * </ul>
 *
 * @param <T> the record type of the pipeline's input
 */
public final class LiveInputSubscriber<T> implements Flow.Subscriber<T> {
  private static final System.Logger LOG = System.getLogger(LiveInputSubscriber.class.getName());

  private final RunningPipeline<T> run;
  private final LiveInput<T> input;
  private final int prefetch;
  private final int replenishAt;
  // every field below is written in signals, which are serial (rule 1.3); volatile for readers
  private volatile Flow.Subscription subscription;
  private volatile boolean done;
  private volatile Throwable upstreamError;
  private int acceptedSinceRequest;

  LiveInputSubscriber(RunningPipeline<T> run, int prefetch) {
    this.run = Objects.requireNonNull(run, "run");
    this.input = run.input(); // throws IllegalStateException for a pipeline reading a Source
    this.prefetch = Flows.checkPrefetch(prefetch);
    this.replenishAt = Math.max(1, prefetch / 2);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    Objects.requireNonNull(s, "subscription"); // rule 2.13
    if (subscription != null || done) {
      s.cancel(); // rule 2.5: one publisher per subscriber
      return;
    }
    subscription = s;
    s.request(prefetch);
  }

  @Override
  public void onNext(T item) {
    Objects.requireNonNull(item, "onNext item"); // rule 2.13
    if (done) {
      return; // cancelled; records still in flight (rule 2.8) are not accepted
    }
    try {
      input.push(item);
    } catch (IllegalStateException stopped) {
      // the run takes no more records: completed, closed, cancelled or failed
      stop();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "pipeline ''{0}'': interrupted while pushing a record "
          + "from a publisher; the record was not accepted, cancelling the run", run.name());
      stop();
      run.cancel();
      return;
    }
    if (++acceptedSinceRequest >= replenishAt) {
      int n = acceptedSinceRequest;
      acceptedSinceRequest = 0;
      subscription.request(n);
    }
  }

  @Override
  public void onError(Throwable error) {
    Objects.requireNonNull(error, "onError throwable"); // rule 2.13
    if (done) {
      return;
    }
    done = true;
    upstreamError = error;
    subscription = null;
    LOG.log(System.Logger.Level.DEBUG, "pipeline '" + run.name() + "': the publisher feeding "
        + "its live input signalled onError; failing the run", error);
    input.fail(error);
  }

  @Override
  public void onComplete() {
    if (done) {
      return;
    }
    done = true;
    subscription = null;
    input.complete();
  }

  /**
   * Returns the error the publisher signalled, which cancelled the run.
   *
   * @return the error, or empty if the publisher has not signalled {@code onError}
   */
  public Optional<Throwable> upstreamError() {
    return Optional.ofNullable(upstreamError);
  }

  private void stop() {
    done = true;
    Flow.Subscription s = subscription;
    subscription = null;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public String toString() {
    return "Flows.subscriber(pipeline '" + run.name() + "', prefetch " + prefetch + ")";
  }
}
