package io.sluice.flow.tck;

import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/**
 * The runs a TCK test method started, ended after it: a TCK test often stops reading without
 * cancelling, and a run whose publisher sink waits for demand would otherwise live on. Ending them
 * also proves that every run the TCK left behind can end.
 */
final class StartedRuns {
  private static final Duration END_WITHIN = Duration.ofSeconds(10);
  private final List<RunningPipeline<?>> runs = new ArrayList<>();
  private final List<Flow.Subscription> subscriptions = new ArrayList<>();

  synchronized <T> RunningPipeline<T> track(RunningPipeline<T> run) {
    runs.add(run);
    return run;
  }

  /**
   * Wraps a publisher so that the subscriptions it hands out can be cancelled after the test; the
   * wrapper passes every signal through unchanged, on the same thread.
   */
  <T> Flow.Publisher<T> cancellable(Flow.Publisher<T> publisher) {
    return subscriber -> publisher.subscribe(subscriber == null ? null : new Flow.Subscriber<T>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        synchronized (StartedRuns.this) {
          subscriptions.add(subscription);
        }
        subscriber.onSubscribe(subscription);
      }

      @Override
      public void onNext(T item) {
        subscriber.onNext(item);
      }

      @Override
      public void onError(Throwable throwable) {
        subscriber.onError(throwable);
      }

      @Override
      public void onComplete() {
        subscriber.onComplete();
      }
    });
  }

  /** Cancels what is left and waits for every run to end; fails if one does not. */
  void endAll() throws InterruptedException, TimeoutException {
    List<RunningPipeline<?>> toEnd;
    List<Flow.Subscription> toCancel;
    synchronized (this) {
      toEnd = List.copyOf(runs);
      toCancel = List.copyOf(subscriptions);
      runs.clear();
      subscriptions.clear();
    }
    toCancel.forEach(Flow.Subscription::cancel);
    for (RunningPipeline<?> run : toEnd) {
      run.cancel();
      try {
        run.awaitCompletion(END_WITHIN);
      } catch (StageFailedException expected) {
        // the failed publisher's run
      }
    }
  }
}
