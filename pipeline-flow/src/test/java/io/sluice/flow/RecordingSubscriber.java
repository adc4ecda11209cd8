package io.sluice.flow;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A subscriber that requests only when told and records every signal, for tests. */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
  final List<T> items = new CopyOnWriteArrayList<>();
  /** Completes with {@code null} on onComplete, with the error on onError. */
  final CompletableFuture<Throwable> end = new CompletableFuture<>();
  final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription.complete(s);
  }

  @Override
  public void onNext(T item) {
    items.add(item);
  }

  @Override
  public void onError(Throwable error) {
    end.complete(error);
  }

  @Override
  public void onComplete() {
    end.complete(null);
  }

  void request(long n) {
    subscription.join().request(n);
  }

  void cancel() {
    subscription.join().cancel();
  }
}
