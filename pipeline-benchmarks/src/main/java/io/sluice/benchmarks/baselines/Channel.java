package io.sluice.benchmarks.baselines;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * A bounded hand-off between two threads, one writer and one reader.
 *
 * @param <E> what is handed off
 */
interface Channel<E> {
  /** Hands off one element, waiting while the channel is full. */
  void put(E element) throws InterruptedException;

  /** Takes the next element, waiting while the channel is empty. */
  E take() throws InterruptedException;

  /** Backed by an {@link ArrayBlockingQueue}. */
  final class Blocking<E> implements Channel<E> {
    private final BlockingQueue<E> queue;

    Blocking(int capacity) {
      queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void put(E element) throws InterruptedException {
      queue.put(element);
    }

    @Override
    public E take() throws InterruptedException {
      return queue.take();
    }
  }

  /** Backed by a JCTools {@link SpscArrayQueue}; yields while full or empty. */
  final class SpscYielding<E> implements Channel<E> {
    private final SpscArrayQueue<E> queue;

    SpscYielding(int capacity) {
      queue = new SpscArrayQueue<>(capacity);
    }

    @Override
    public void put(E element) throws InterruptedException {
      while (!queue.offer(element)) {
        yieldUnlessInterrupted();
      }
    }

    @Override
    public E take() throws InterruptedException {
      E element;
      while ((element = queue.poll()) == null) {
        yieldUnlessInterrupted();
      }
      return element;
    }

    private static void yieldUnlessInterrupted() throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Thread.yield();
    }
  }
}
