package io.sluice.benchmarks.baselines;

import java.util.concurrent.ArrayBlockingQueue;
import org.jctools.queues.SpscArrayQueue;

/** The bounded queues the thread-per-stage baselines join their threads with. */
public enum QueueKind {
  /** {@link ArrayBlockingQueue}: one lock, threads park and are signalled. */
  ARRAY_BLOCKING_QUEUE,
  /** JCTools {@link SpscArrayQueue}: lock-free, threads {@code Thread.yield()} while waiting. */
  JCTOOLS_SPSC_YIELDING;

  <E> Channel<E> create(int capacity) {
    return this == ARRAY_BLOCKING_QUEUE
        ? new Channel.Blocking<>(capacity) : new Channel.SpscYielding<>(capacity);
  }
}
