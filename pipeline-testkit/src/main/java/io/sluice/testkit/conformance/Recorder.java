package io.sluice.testkit.conformance;

import io.sluice.api.DeadLetter;
import io.sluice.api.FlushReason;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import io.sluice.testkit.Batch;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the stages and sinks of a conformance case saw, kept in this JVM under a random id. The
 * recorder itself is only that id, so stages and sinks holding it are {@link Serializable} and a
 * runner can ship them to its tasks; whichever task writes (a thread of the local runner, a
 * subtask on an embedded Flink cluster), the record lands here. Thread-safe.
 *
 * <p>It keeps, per label: the records a {@linkplain #sink recording sink} was given (and, for
 * batched dispatch, each batch with its flush reason), and a counter stages can increase.
 * {@link #close()} forgets it all.
 */
public final class Recorder implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final ConcurrentMap<String, Log> LOGS = new ConcurrentHashMap<>();

  /** The key of what this recorder saw in the JVM-wide registry. */
  private final String id;

  private Recorder(String id) {
    this.id = id;
  }

  /**
   * Creates an empty recorder with a fresh id.
   *
   * @return the recorder
   */
  public static Recorder create() {
    String id = UUID.randomUUID().toString();
    LOGS.put(id, new Log());
    return new Recorder(id);
  }

  /**
   * Returns a sink that records what it is given under {@code label}; per batch (with the flush
   * reason the sink saw) when its dispatch is batched, per record otherwise.
   *
   * @param label the label to record under
   * @param <T> the record type
   * @return a serializable sink
   * @throws NullPointerException if {@code label} is {@code null}
   */
  public <T> Sink<T> sink(String label) {
    return new RecordingSink<>(this, Objects.requireNonNull(label, "label"));
  }

  /**
   * Returns a dead-letter sink that records every {@link DeadLetter} under {@code label}.
   *
   * @param label the label to record under
   * @return a serializable sink of dead letters
   * @throws NullPointerException if {@code label} is {@code null}
   */
  public Sink<DeadLetter> deadLetters(String label) {
    return sink(label);
  }

  /**
   * Returns every record given to the sink recording under {@code label}, in arrival order.
   *
   * @param label the label
   * @return a copy of the records; empty if none came
   */
  public List<Object> records(String label) {
    Log log = log();
    synchronized (log) {
      return List.copyOf(log.records.getOrDefault(label, List.of()));
    }
  }

  /**
   * Returns every batch given to the sink recording under {@code label}, with its flush reason.
   *
   * @param label the label
   * @return a copy of the batches; empty if none came or the sink was per record
   */
  public List<Batch<Object>> batches(String label) {
    Log log = log();
    synchronized (log) {
      return List.copyOf(log.batches.getOrDefault(label, List.of()));
    }
  }

  /**
   * Returns the flush reasons of the batches recorded under {@code label}, in order.
   *
   * @param label the label
   * @return the reasons
   */
  public List<FlushReason> flushReasons(String label) {
    return batches(label).stream().map(Batch::reason).toList();
  }

  /**
   * Adds one to the counter {@code label}.
   *
   * @param label the counter
   */
  public void increment(String label) {
    Log log = log();
    synchronized (log) {
      log.counters.merge(label, 1L, Long::sum);
      log.notifyAll();
    }
  }

  /**
   * Waits until the counter {@code label} reaches {@code atLeast}.
   *
   * @param label the counter
   * @param atLeast the value to reach
   * @param timeout how long to wait at most
   * @throws InterruptedException if interrupted while waiting
   * @throws AssertionError if the counter did not reach the value in time, with its value
   */
  public void awaitCount(String label, long atLeast, Duration timeout) throws InterruptedException {
    Log log = log();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (log) {
      while (log.counters.getOrDefault(label, 0L) < atLeast) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("counter '" + label + "' reached "
              + log.counters.getOrDefault(label, 0L) + ", not " + atLeast + ", within " + timeout);
        }
        log.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Forgets everything recorded under this recorder's id. */
  @Override
  public void close() {
    LOGS.remove(id);
  }

  void record(String label, FlushReason reason, List<?> records) {
    Log log = log();
    synchronized (log) {
      log.records.computeIfAbsent(label, k -> new ArrayList<>()).addAll(records);
      if (reason != null) {
        log.batches.computeIfAbsent(label, k -> new ArrayList<>())
            .add(new Batch<>(reason, List.copyOf(records)));
      }
      log.notifyAll();
    }
  }

  private Log log() {
    Log log = LOGS.get(id);
    if (log == null) {
      throw new IllegalStateException("recorder " + id + " was closed, or lives in another JVM");
    }
    return log;
  }

  @Override
  public String toString() {
    return "Recorder[" + id + "]";
  }

  /** What one recorder holds. */
  private static final class Log {
    final Map<String, List<Object>> records = new HashMap<>();
    final Map<String, List<Batch<Object>>> batches = new HashMap<>();
    final Map<String, Long> counters = new HashMap<>();
  }

  /** Records per record or per batch, with the flush reason the sink's context gives. */
  private static final class RecordingSink<T> implements Sink<T>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Recorder recorder;
    private final String label;
    private transient StageContext context;

    RecordingSink(Recorder recorder, String label) {
      this.recorder = recorder;
      this.label = label;
    }

    @Override
    public void open(StageContext ctx) {
      context = ctx;
    }

    @Override
    public void write(T record) {
      recorder.record(label, null, List.of(record));
    }

    @Override
    public void writeBatch(List<T> batch) {
      recorder.record(label, context.flushReason(), batch);
    }

    @Override
    public String toString() {
      return "recording sink '" + label + "'";
    }
  }
}
