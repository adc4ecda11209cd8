package io.sluice.runtime.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.sluice.api.FlushReason;
import io.sluice.api.LiveInput;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link LiveInput} of a running live pipeline: any thread pushes records straight into the
 * first stage's multi-producer ring. Completing it waits for pushes in progress, so every push that
 * returned is ahead of the end-of-stream signal and reaches the end.
 *
 * @param <T> the record type
 */
public final class LiveChannel<T> implements LiveInput<T> {
  private final String stageName;
  private final Class<T> type;
  private final RingBuffer<Chunk> ring;
  private final RunControl control;
  private final AtomicInteger activePushes = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private volatile boolean completed;
  private final AtomicInteger ended = new AtomicInteger();

  /**
   * Creates the channel.
   *
   * @param stageName the live input's stage name
   * @param type the record type
   * @param ring the first stage's ring, made with {@link Ring#multiProducer}
   * @param control the run's control
   */
  public LiveChannel(String stageName, Class<T> type, Ring ring, RunControl control) {
    this.stageName = stageName;
    this.type = type;
    this.ring = ring.buffer();
    this.control = control;
  }

  /**
   * Returns how many records were accepted.
   *
   * @return the count
   */
  public long accepted() {
    return accepted.sum();
  }

  @Override
  public void push(T record) throws InterruptedException {
    enter(record);
    try {
      Idler idler = null;
      while (true) {
        try {
          write(ring.tryNext(), record);
          return;
        } catch (InsufficientCapacityException full) {
          if (Thread.interrupted()) {
            throw new InterruptedException("push to live input '" + stageName + "' of pipeline '"
                + control.pipelineName() + "' was interrupted while the ring was full; the record "
                + "was not accepted");
          }
          checkRunning();
          idler = idler == null ? new Idler() : idler;
          idler.idle();
        }
      }
    } finally {
      activePushes.decrementAndGet();
    }
  }

  @Override
  public boolean tryPush(T record) {
    enter(record);
    try {
      write(ring.tryNext(), record);
      return true;
    } catch (InsufficientCapacityException full) {
      return false;
    } finally {
      activePushes.decrementAndGet();
    }
  }

  @Override
  public void complete() {
    end(FlushReason.END_OF_STREAM);
  }

  /**
   * Closes the input and sends the end-of-stream signal, once; later calls do nothing.
   *
   * @param reason END_OF_STREAM (completed by the user) or DRAIN (the run was closed)
   */
  public void end(FlushReason reason) {
    completed = true;
    if (!ended.compareAndSet(0, 1)) {
      return;
    }
    control.inputEnded(reason);
    Idler idler = new Idler();
    while (activePushes.get() > 0 && !control.isStopped()) {
      idler.idle();
    }
    while (!control.isStopped()) {
      try {
        long sequence = ring.tryNext();
        Chunk chunk = ring.get(sequence);
        chunk.size = 0;
        chunk.end = reason;
        ring.publish(sequence);
        return;
      } catch (InsufficientCapacityException full) {
        idler.idle();
      }
    }
  }

  private void enter(T record) {
    if (record == null) {
      throw new NullPointerException("live input '" + stageName + "' cannot take null");
    }
    if (!type.isInstance(record)) {
      throw new ClassCastException("live input '" + stageName + "' takes " + type.getName()
          + ", not " + record.getClass().getName());
    }
    activePushes.incrementAndGet();
    if (completed) {
      activePushes.decrementAndGet();
      throw new IllegalStateException("live input '" + stageName + "' of pipeline '"
          + control.pipelineName() + "' was completed; it takes no more records");
    }
    try {
      checkRunning();
    } catch (IllegalStateException e) {
      activePushes.decrementAndGet();
      throw e;
    }
  }

  private void checkRunning() {
    if (control.isStopped()) {
      throw new IllegalStateException("pipeline '" + control.pipelineName()
          + "' has stopped; live input '" + stageName + "' takes no more records");
    }
  }

  private void write(long sequence, T record) {
    Chunk chunk = ring.get(sequence);
    chunk.items[0] = record;
    chunk.size = 1;
    chunk.end = null;
    ring.publish(sequence);
    accepted.increment();
  }
}
