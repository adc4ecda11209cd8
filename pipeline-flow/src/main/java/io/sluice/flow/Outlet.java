package io.sluice.flow;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The publishing end of a {@link PublisherSink} for one run: one subscriber, its demand, and the
 * signals it receives. The sink's thread waits in {@link #deliver} until the subscriber has asked
 * for a record, which is how a slow subscriber holds the pipeline back.
 *
 * <p>Two locks: {@code state} guards the fields and is never held while calling the subscriber;
 * {@code signals} is held around every call into the subscriber, so that signals from the sink's
 * thread ({@code onNext}), a subscribing thread ({@code onSubscribe}), a thread calling
 * {@code request(0)} ({@code onError}, rule 3.9) and the thread ending the run ({@code onComplete}
 * or {@code onError}) never overlap (rule 1.3). It is reentrant, so a subscriber may call
 * {@code request} and {@code cancel} from within its signals.
 *
 * @param <T> the record type
 */
final class Outlet<T> implements Flow.Publisher<T> {
  private volatile String name;
  private final Runnable whenCancelled;
  private final ReentrantLock state = new ReentrantLock();
  private final Condition changed = state.newCondition();
  private final ReentrantLock signals = new ReentrantLock();
  // guarded by state
  private boolean claimed;
  private Flow.Subscriber<? super T> subscriber; // dropped once cancelled or terminated (rule 3.13)
  private boolean subscribed; // onSubscribe has returned
  private long demand;
  private boolean cancelled;
  private Throwable terminal; // the error to signal, or COMPLETE; null while the run goes on
  private boolean terminalSent;

  private static final Throwable COMPLETE = new Throwable("complete", null, false, false) {
    private static final long serialVersionUID = 1L;
  };

  /**
   * @param name the sink, for messages
   * @param whenCancelled what the subscriber's cancel does to the run; run once, outside locks
   */
  Outlet(String name, Runnable whenCancelled) {
    this.name = name;
    this.whenCancelled = whenCancelled;
  }

  /** Names the sink in messages once its stage and pipeline are known. */
  void rename(String sinkName) {
    this.name = sinkName;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> s) {
    Objects.requireNonNull(s, "subscriber"); // rule 1.9
    state.lock();
    boolean first = !claimed;
    claimed = true;
    if (first) {
      subscriber = s;
    }
    state.unlock();
    if (!first) {
      // rule 1.9: onSubscribe, then the refusal
      s.onSubscribe(new Refused());
      s.onError(new IllegalStateException(name + " already has a subscriber; it serves one, "
          + "for one run"));
      return;
    }
    Subscription subscription = new Subscription(s);
    signals.lock();
    try {
      s.onSubscribe(subscription);
    } finally {
      signals.unlock();
    }
    state.lock();
    try {
      subscribed = true;
      changed.signalAll();
    } finally {
      state.unlock();
    }
    sendTerminalIfDue();
  }

  /**
   * Hands a record to the subscriber once it has asked for one; on the sink's thread. Discards the
   * record if the subscription was cancelled.
   *
   * @return {@code false} if the record was discarded
   * @throws InterruptedException if interrupted while waiting for demand
   * @throws RuntimeException what the subscriber's {@code onNext} threw (rule 2.13 forbids it);
   *     the subscription is then void and later records are discarded
   */
  boolean deliver(T record) throws InterruptedException {
    Flow.Subscriber<? super T> s;
    state.lock();
    try {
      while (!cancelled && !(subscribed && demand > 0)) {
        changed.await();
      }
      if (cancelled) {
        return false;
      }
      if (demand != Long.MAX_VALUE) { // rule 3.17: MAX_VALUE stands for "unbounded"
        demand--;
      }
      s = subscriber;
    } finally {
      state.unlock();
    }
    signals.lock();
    try {
      if (isCancelled()) {
        return false;
      }
      s.onNext(record);
      return true;
    } catch (RuntimeException | Error broken) {
      drop(); // rule 2.13: the subscription is void; the sink's error policy handles the throw
      throw broken;
    } finally {
      signals.unlock();
    }
  }

  /**
   * Ends the stream: {@code onComplete} if {@code error} is {@code null}, else {@code onError},
   * now or as soon as a subscriber has subscribed; nothing if it cancelled.
   */
  void finish(Throwable error) {
    state.lock();
    try {
      if (terminal == null) {
        terminal = error == null ? COMPLETE : error;
      }
    } finally {
      state.unlock();
    }
    sendTerminalIfDue();
  }

  private void sendTerminalIfDue() {
    Flow.Subscriber<? super T> s;
    Throwable end;
    state.lock();
    try {
      if (terminal == null || !subscribed || cancelled || terminalSent) {
        return;
      }
      terminalSent = true;
      end = terminal;
      s = subscriber;
      subscriber = null;
      cancelled = true; // nothing may follow the terminal signal (rule 1.7)
      changed.signalAll();
    } finally {
      state.unlock();
    }
    signals.lock();
    try {
      if (end == COMPLETE) {
        s.onComplete();
      } else {
        s.onError(end);
      }
    } finally {
      signals.unlock();
    }
  }

  private boolean isCancelled() {
    state.lock();
    try {
      return cancelled;
    } finally {
      state.unlock();
    }
  }

  /** Voids the subscription; returns whether it was live (then the caller reacts once). */
  private boolean drop() {
    state.lock();
    try {
      if (cancelled) {
        return false;
      }
      cancelled = true;
      subscriber = null;
      changed.signalAll();
      return true;
    } finally {
      state.unlock();
    }
  }

  /** The subscription handed to the one subscriber. */
  private final class Subscription implements Flow.Subscription {
    /** Kept apart from the dropped field so a rule 3.9 error can still reach its subscriber. */
    private volatile Flow.Subscriber<? super T> target;

    Subscription(Flow.Subscriber<? super T> target) {
      this.target = target;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        refuse(n);
        return;
      }
      state.lock();
      try {
        if (!cancelled) {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n; // rule 3.17: saturate
          changed.signalAll();
        }
      } finally {
        state.unlock();
      }
    }

    private void refuse(long n) {
      Flow.Subscriber<? super T> s = target;
      if (!drop()) {
        return; // rule 3.6: after cancel or the end, request is a no-op
      }
      target = null;
      signals.lock();
      try {
        s.onError(new IllegalArgumentException(name + ": the subscriber requested " + n
            + " records; a request must be positive (rule 3.9)"));
      } finally {
        signals.unlock();
      }
      whenCancelled.run();
    }

    @Override
    public void cancel() {
      target = null;
      if (drop()) {
        whenCancelled.run();
      }
    }
  }

  /** The subscription of a refused second subscriber: the error follows at once. */
  private static final class Refused implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
