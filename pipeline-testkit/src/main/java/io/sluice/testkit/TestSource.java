package io.sluice.testkit;

import io.sluice.api.Emitter;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source the test feeds: {@link #push} records, then {@link #complete()} the stream or
 * {@link #fail} it. Works on both runners: under a {@link DeterministicRun} each push is carried
 * through the whole pipeline on the calling thread before {@code push} returns; on the real runtime
 * the source thread takes pushed records on its next poll.
 *
 * <pre>{@code
 * TestSource<String> source = TestSource.create();
 * Pipeline<String> pipeline = Pipeline.from("in", source).to("out", sink);
 * source.push("a", "b");
 * source.complete();          // the run then ends with END_OF_STREAM
 * }</pre>
 *
 * <p>It is a {@link ResumableSource}: its position counts the records of the stream before the
 * next one, and a run that resumes from a checkpoint ({@link #openAt}) drops that many of the
 * records pushed to it, so a test pushes the whole stream again to the source of the next run.
 *
 * <p>One instance serves one run: a second {@code open} is rejected. Records may be pushed before
 * the run starts. {@code push}, {@code complete} and {@code fail} may be called from any thread on
 * the real runtime; under a deterministic run, call them from the thread that started it.
 *
 * @param <T> the record type
 */
public final class TestSource<T> implements ResumableSource<T> {
  private static final int CHUNK = 64;
  private static final Object END = new Object();

  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean opened = new AtomicBoolean();
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong taken = new AtomicLong();
  private volatile boolean finished;
  private volatile boolean closed;
  private volatile String name = "(not opened)";
  private volatile Runnable wakeUp = () -> { };
  /** Records still to drop because the run resumed after them; then those dropped. */
  private long toSkip;
  private long skipped;

  private TestSource() {}

  /**
   * Creates an empty, open-ended source.
   *
   * @param <T> the record type
   * @return the source
   */
  public static <T> TestSource<T> create() {
    return new TestSource<>();
  }

  /**
   * Hands records to the pipeline, in order.
   *
   * @param records the records; none {@code null}
   * @return this source
   * @throws NullPointerException if a record is {@code null}
   * @throws IllegalStateException if the source was completed or failed
   */
  @SafeVarargs
  public final TestSource<T> push(T... records) {
    List<T> list = new ArrayList<>(records.length);
    for (T record : records) {
      list.add(record);
    }
    return pushAll(list);
  }

  /**
   * Hands records to the pipeline, in order.
   *
   * @param records the records; none {@code null}
   * @return this source
   * @throws NullPointerException if {@code records} or a record is {@code null}
   * @throws IllegalStateException if the source was completed or failed
   */
  public TestSource<T> pushAll(Iterable<? extends T> records) {
    Objects.requireNonNull(records, "records");
    synchronized (queue) {
      requireNotFinished("push");
      for (T record : records) {
        queue.add(Objects.requireNonNull(record, "record"));
        pushed.incrementAndGet();
      }
    }
    wakeUp.run();
    return this;
  }

  /**
   * Ends the stream after the records pushed so far: the run flushes its batches with reason
   * END_OF_STREAM and completes.
   *
   * @throws IllegalStateException if the source was already completed or failed
   */
  public void complete() {
    synchronized (queue) {
      requireNotFinished("complete");
      finished = true;
      queue.add(END);
    }
    wakeUp.run();
  }

  /**
   * Makes the source fail after the records pushed so far, as if its {@code poll} had thrown
   * {@code cause}: the run fails with a {@link io.sluice.api.StageFailedException} naming this
   * source, with {@code cause} as its cause.
   *
   * @param cause what the source "threw"
   * @throws NullPointerException if {@code cause} is {@code null}
   * @throws IllegalStateException if the source was already completed or failed
   */
  public void fail(Exception cause) {
    Objects.requireNonNull(cause, "cause");
    synchronized (queue) {
      requireNotFinished("fail");
      finished = true;
      queue.add(new Failure(cause));
    }
    wakeUp.run();
  }

  /**
   * Returns how many records were pushed.
   *
   * @return the count
   */
  public long pushed() {
    return pushed.get();
  }

  /**
   * Returns how many records the run has taken from this source so far.
   *
   * @return the count
   */
  public long taken() {
    return taken.get();
  }

  /**
   * Tells whether the run has closed the source.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Opens the source for its one run.
   *
   * @param context the run's context for this source
   * @throws IllegalStateException if the source was already opened by a run
   */
  @Override
  public void open(StageContext context) {
    if (!opened.compareAndSet(false, true)) {
      throw new IllegalStateException("TestSource '" + name + "' serves one run and was already "
          + "opened; make a new TestSource for each run");
    }
    name = context.stageName();
    if (context instanceof SourceContext deterministic) {
      wakeUp = deterministic.wakeUp();
    }
  }

  /**
   * Opens the source for a run that resumes after {@code position} records of the stream: the
   * first that many records pushed are dropped, not emitted.
   *
   * @param context the run's context for this source
   * @param position a position {@link #position()} returned
   * @throws IllegalArgumentException if the position is not a count of records
   * @throws IllegalStateException if the source was already opened by a run
   */
  @Override
  public void openAt(StageContext context, String position) {
    long count = ResumableSource.recordCount(context.stageName(), position);
    open(context);
    toSkip = count;
  }

  /**
   * Returns how many records of the stream come before the next one: those dropped because the
   * run resumed after them, and those taken.
   *
   * @return the count, as text
   */
  @Override
  public String position() {
    return Long.toString(skipped + taken.get());
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean poll(Emitter<T> out) throws Exception {
    // records dropped on resuming do not count against the chunk: a poll that only dropped
    // records would emit nothing, and a runner takes a poll that gave nothing for a source
    // waiting for data (the deterministic runner then waits for a push that never comes)
    for (int i = 0; i < CHUNK; ) {
      Object next = queue.poll();
      if (next == null) {
        return true;
      }
      if (next == END) {
        return false;
      }
      if (next instanceof Failure failure) {
        throw failure.cause();
      }
      if (toSkip > 0) {
        toSkip--; // read before the checkpoint the run resumes from
        skipped++;
        continue;
      }
      taken.incrementAndGet();
      out.emit((T) next);
      i++;
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    wakeUp = () -> { };
  }

  private void requireNotFinished(String action) {
    if (finished) {
      throw new IllegalStateException("cannot " + action + ": TestSource '" + name
          + "' was already completed or failed");
    }
  }

  @Override
  public String toString() {
    return "TestSource '" + name + "': pushed " + pushed + ", taken " + taken;
  }

  /** The marker {@link #fail} queues; private, so no user record can be mistaken for it. */
  private record Failure(Exception cause) {}
}
