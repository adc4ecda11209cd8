package io.sluice.testkit;

import io.sluice.api.FlushReason;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sink that keeps what it was given: every record in order and, under a batched dispatch, every
 * batch with the flush reason the sink saw. A test can wait for a number of records, which is what
 * a test on the real runtime needs; under a {@link DeterministicRun} the records are there as soon
 * as the push that produced them returns.
 *
 * <pre>{@code
 * TestSink<Order> sink = TestSink.create();
 * ... .to("save", sink, Dispatch.batched(2));
 * sink.awaitCount(3, Duration.ofSeconds(10));
 * assertThat(sink.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.END_OF_STREAM);
 * }</pre>
 *
 * <p>Thread-safe: the stage thread writes while the test reads. A sink shared by several runs
 * collects the records of all of them.
 *
 * @param <T> the record type
 */
public final class TestSink<T> implements Sink<T> {
  private final Object lock = new Object();
  private final List<T> records = new ArrayList<>();
  private final List<Batch<T>> batches = new ArrayList<>();
  private StageContext context;
  private int opens;
  private int closes;

  private TestSink() {}

  /**
   * Creates an empty sink.
   *
   * @param <T> the record type
   * @return the sink
   */
  public static <T> TestSink<T> create() {
    return new TestSink<>();
  }

  @Override
  public void open(StageContext ctx) {
    synchronized (lock) {
      context = ctx;
      opens++;
    }
  }

  @Override
  public void write(T record) {
    synchronized (lock) {
      records.add(record);
      lock.notifyAll();
    }
  }

  @Override
  public void writeBatch(List<T> batch) {
    synchronized (lock) {
      batches.add(new Batch<>(context.flushReason(), batch));
      records.addAll(batch);
      lock.notifyAll();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closes++;
      lock.notifyAll();
    }
  }

  /**
   * Returns every record received so far, in order.
   *
   * @return an immutable copy
   */
  public List<T> records() {
    synchronized (lock) {
      return List.copyOf(records);
    }
  }

  /**
   * Returns every batch received so far, with its flush reason; empty under
   * {@link io.sluice.api.Dispatch#perRecord()}.
   *
   * @return an immutable copy
   */
  public List<Batch<T>> batches() {
    synchronized (lock) {
      return List.copyOf(batches);
    }
  }

  /**
   * Returns the flush reason of every batch received so far, in order.
   *
   * @return an immutable list
   */
  public List<FlushReason> flushReasons() {
    return batches().stream().map(Batch::reason).toList();
  }

  /**
   * Returns how many records were received so far.
   *
   * @return the count
   */
  public int count() {
    synchronized (lock) {
      return records.size();
    }
  }

  /**
   * Returns how many times the sink was opened (once per run using it).
   *
   * @return the count
   */
  public int openCalls() {
    synchronized (lock) {
      return opens;
    }
  }

  /**
   * Returns how many times the sink was closed (once per run using it, when the run ends).
   *
   * @return the count
   */
  public int closeCalls() {
    synchronized (lock) {
      return closes;
    }
  }

  /**
   * Waits until at least {@code count} records have arrived and returns every record received.
   *
   * @param count how many records to wait for; zero or more
   * @param timeout the longest to wait
   * @return an immutable copy of the records received, at least {@code count} of them
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws NullPointerException if {@code timeout} is {@code null}
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws AssertionError if fewer records arrived within the timeout; the message shows them
   */
  public List<T> awaitCount(int count, Duration timeout) throws InterruptedException {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative but was " + count);
    }
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (records.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(this + " received " + records.size() + " of " + count
              + " records within " + timeout + ": " + records);
        }
        lock.wait(Math.max(1L, left / 1_000_000L));
      }
      return List.copyOf(records);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "TestSink '" + (context == null ? "(not opened)" : context.stageName()) + "'";
    }
  }
}
