package io.sluice.runtime.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A drain's interrupt of a source's poll that waits for data. {@code close()} asks the input to
 * stop, but a source blocked in its poll (a {@code BlockingQueue.take()}, a socket read) never
 * comes back to see the request, and the drain would wait for it forever. So the closing thread
 * interrupts a poll that has not returned some time after the drain was asked, and whatever that
 * poll then throws ends the source's input with DRAIN instead of failing the run.
 *
 * <p>The interrupt must reach that poll and nothing after it (a sink's commit, a Kafka consumer's
 * close), so the poll's start and end and the interrupt are ordered by one state: the source's
 * thread, leaving its poll, waits out an interrupt under way and clears the flag it left.
 */
final class PollInterrupt {
  private static final int IDLE = 0;
  private static final int POLLING = 1;
  private static final int INTERRUPTING = 2;
  private static final int INTERRUPTED = 3;

  private final AtomicInteger state = new AtomicInteger(IDLE);
  private volatile long pollStart;
  private volatile Thread poller;

  /** On the source's thread, just before it polls. */
  void pollStarts() {
    poller = Thread.currentThread();
    pollStart = System.nanoTime();
    state.set(POLLING);
  }

  /**
   * On the source's thread, once the poll returned or threw: clears the interrupt a drain sent to
   * it, if one did.
   *
   * @return {@code true} if a drain interrupted the poll
   */
  boolean pollEnded() {
    if (state.compareAndSet(POLLING, IDLE)) {
      return false;
    }
    while (state.get() == INTERRUPTING) {
      Thread.onSpinWait(); // the closing thread is between its claim and its interrupt
    }
    Thread.interrupted();
    state.set(IDLE);
    return true;
  }

  /** Tells whether the source's thread is inside a poll, from any thread. */
  boolean isPolling() {
    return state.get() == POLLING;
  }

  /**
   * From the closing thread: interrupts the poll under way if it started at least
   * {@code patienceNanos} ago.
   *
   * @return {@code true} if it interrupted the poll
   */
  boolean interruptIfPollingFor(long patienceNanos) {
    if (state.get() != POLLING || System.nanoTime() - pollStart < patienceNanos
        || !state.compareAndSet(POLLING, INTERRUPTING)) {
      return false;
    }
    poller.interrupt();
    state.set(INTERRUPTED);
    return true;
  }
}
