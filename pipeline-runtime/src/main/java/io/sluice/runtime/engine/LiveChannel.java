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
final class LiveChannel<T> implements LiveInput<T> {
  private final String stageName;
  private final Class<T> type;
  private final RingBuffer<Chunk> ring;
  private final Ring target;
  private final RunControl control;
  private final AtomicInteger activePushes = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  /** How the input was ended (END_OF_STREAM by complete(), DRAIN by close()), or null. */
  private volatile FlushReason completed;
  private final AtomicInteger ended = new AtomicInteger();
  private volatile boolean endRequested;
  private final EdgeCount edge;

  /**
   * Creates the channel.
   *
   * @param stageName the live input's stage name
   * @param type the record type
   * @param ring the ring of the stage it feeds, made with {@link Ring#multiProducer}
   * @param control the run's control
   * @param edge the count of the edge from the input to that stage
   */
  public LiveChannel(String stageName, Class<T> type, Ring ring, RunControl control,
      EdgeCount edge) {
    this.edge = edge;
    this.stageName = stageName;
    this.type = type;
    this.ring = ring.buffer();
    this.target = ring; // publishes through it: the consumer's doorbell rings
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
  public void fail(Throwable cause) {
    java.util.Objects.requireNonNull(cause, "cause of the failure of live input '" + stageName
        + "'");
    if (completed == null && !control.isStopped() && !control.hasFailed()) {
      control.fail(stageName, null, null, cause, "its feed failed"); // its consumer ends it
    }
  }

  @Override
  public void complete() {
    end(FlushReason.END_OF_STREAM, Long.MAX_VALUE);
  }

  /**
   * Closes the input and sends the end-of-stream signal, once; later calls do nothing. Waits for
   * pushes in progress and for room in the ring, until {@code deadline}.
   *
   * @param reason END_OF_STREAM (completed by the user) or DRAIN (the run was closed)
   * @param deadline the latest {@link System#nanoTime()} to wait until, or {@code Long.MAX_VALUE}
   * @return {@code false} if the deadline passed before the signal was sent (the caller should
   *     cancel the run), {@code true} otherwise
   */
  public boolean end(FlushReason requested, long deadline) {
    FlushReason reason = control.hasFailed() ? FlushReason.DRAIN : requested;
    if (completed == null) {
      completed = reason;
    }
    if (!ended.compareAndSet(0, 1)) {
      return true;
    }
    control.inputEnded(reason);
    Idler idler = new Idler();
    while (activePushes.get() > 0 && !control.isStopped()) {
      if (pastDeadline(deadline)) {
        return false;
      }
      idler.idle();
    }
    while (!control.isStopped()) {
      try {
        long sequence = ring.tryNext();
        Chunk chunk = ring.get(sequence);
        chunk.size = 0;
        chunk.end = reason;
        chunk.edge = edge;
        target.publish(sequence);
        return true;
      } catch (InsufficientCapacityException full) {
        if (pastDeadline(deadline)) {
          return false;
        }
        idler.idle();
      }
    }
    return true;
  }

  /**
   * Refuses further pushes and asks the consumer to send the end (DRAIN) when it is next idle,
   * without waiting: for a close from a thread of the run.
   */
  public void requestEnd() {
    if (completed == null) {
      completed = FlushReason.DRAIN;
    }
    endRequested = true;
  }

  /**
   * After a stage failed (or {@link #requestEnd()}), ends the stream with reason DRAIN as soon as that needs no waiting: no
   * push under way and room in the ring. Called by the thread consuming the ring whenever it is
   * idle, so the run drains what callers pushed before the failure and then ends, with no caller having
   * to close it; pushes after the failure are refused.
   */
  public void endIfFailed() {
    if (!(control.hasFailed() || endRequested) || ended.get() != 0) {
      return;
    }
    if (completed == null) {
      completed = FlushReason.DRAIN;
    }
    if (activePushes.get() > 0 || !ended.compareAndSet(0, 1)) {
      return;
    }
    try {
      long sequence = ring.tryNext();
      Chunk chunk = ring.get(sequence);
      chunk.size = 0;
      chunk.end = FlushReason.DRAIN;
      chunk.edge = edge;
      control.inputEnded(FlushReason.DRAIN);
      target.publish(sequence);
    } catch (InsufficientCapacityException full) {
      ended.set(0); // the consumer is not idle after all; it calls again
    }
  }

  /**
   * Waits until no push is in progress. For the end of a run: the input is completed or the run
   * stopped by then, so no push can start writing, and the ones under way finish or give up at
   * once; afterwards the ring holds everything that was accepted.
   */
  public void quiesce() {
    Idler idler = new Idler();
    while (activePushes.get() > 0) {
      idler.idle();
    }
  }

  private static boolean pastDeadline(long deadline) {
    return deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0;
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
    FlushReason end = completed;
    if (end != null && !control.hasFailed()) {
      activePushes.decrementAndGet();
      throw new IllegalStateException("live input '" + stageName + "' of pipeline '"
          + control.pipelineName() + "' was "
          + (end == FlushReason.DRAIN ? "closed" : "completed") + "; it takes no more records");
    }
    try {
      checkRunning();
    } catch (IllegalStateException e) {
      activePushes.decrementAndGet();
      throw e;
    }
  }

  private void checkRunning() {
    if (control.isStopped() || control.hasFailed()) {
      throw new IllegalStateException("pipeline '" + control.pipelineName() + "' has "
          + (control.hasFailed() ? "failed" : "stopped") + "; live input '" + stageName
          + "' takes no more records");
    }
  }

  private void write(long sequence, T record) {
    Chunk chunk = ring.get(sequence);
    chunk.items[0] = record;
    chunk.size = 1;
    chunk.end = null;
    chunk.edge = edge;
    accepted.increment(); // counted before it is visible: a snapshot never shows it received first
    target.publish(sequence);
  }
}
