package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import java.util.List;

/**
 * The outboxes one thread feeds, one per edge leaving its steps for a stage on another thread:
 * handled together, since what the thread publishes, flushes and ends, it does on every edge.
 */
final class Outboxes {
  private final Outbox[] outboxes;

  /**
   * Groups the outboxes of a thread. Each, before waiting for room in its ring, publishes the
   * partial chunks of the others: the consumer it waits for may be waiting for one of them.
   *
   * @param outboxes the thread's outboxes; may be empty (its steps end in sinks)
   */
  public Outboxes(List<Outbox> outboxes) {
    this.outboxes = outboxes.toArray(new Outbox[0]);
    if (this.outboxes.length > 1) {
      for (Outbox outbox : this.outboxes) {
        outbox.whenFull(this::flush);
      }
    }
  }

  boolean isEmpty() {
    return outboxes.length == 0;
  }

  /** Runs {@code hook} before any of them publishes (counts go out before the records). */
  void beforePublish(Runnable hook) {
    for (Outbox outbox : outboxes) {
      outbox.beforePublish(hook);
    }
  }

  void flush() {
    for (Outbox outbox : outboxes) {
      outbox.flush();
    }
  }

  /** Whether each of them takes one more record without waiting for room. */
  boolean haveRoom() {
    for (Outbox outbox : outboxes) {
      if (!outbox.hasRoom()) {
        return false;
      }
    }
    return true;
  }

  /** Whether any of them holds records in a partly filled chunk. */
  boolean hasPending() {
    for (Outbox outbox : outboxes) {
      if (outbox.hasPending()) {
        return true;
      }
    }
    return false;
  }

  /** Returns how long the thread has waited for room in any of their rings so far. */
  long blockedNanos() {
    long blocked = 0;
    for (Outbox outbox : outboxes) {
      blocked += outbox.blockedNanos();
    }
    return blocked;
  }

  void flushUnlessCrowded() {
    for (Outbox outbox : outboxes) {
      outbox.flushUnlessCrowded();
    }
  }

  void handOffBeforeNextCall() {
    for (Outbox outbox : outboxes) {
      outbox.handOffBeforeNextCall();
    }
  }

  void flushIfConsumerWaiting() {
    for (Outbox outbox : outboxes) {
      outbox.flushIfConsumerWaiting();
    }
  }

  void end(FlushReason reason) {
    for (Outbox outbox : outboxes) {
      outbox.end(reason);
    }
  }

  /** Counts what is left in them as stranded on their edges; once the thread has ended. */
  public void countStranded() {
    for (Outbox outbox : outboxes) {
      outbox.countStranded();
    }
  }
}
