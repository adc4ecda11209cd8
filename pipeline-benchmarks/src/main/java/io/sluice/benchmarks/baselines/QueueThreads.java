package io.sluice.benchmarks.baselines;

import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three stages as plain threads joined by bounded queues ({@link QueueKind}), one thread per
 * stage and one for the sink; the calling thread is the producer. Per record: each record is one
 * queue element. Chunked: elements are arrays of up to {@link DisruptorChunked#CHUNK} records (the
 * producer slices the input, allocating one array per chunk; the stages work in place).
 */
public final class QueueThreads {
  private static final int CAPACITY = DisruptorRingPerStage.RING_SIZE;
  private static final Item END = new Item(-1);
  private static final Item[] END_CHUNK = new Item[0];

  private QueueThreads() {}

  /** The body of one stage thread: takes from its input until the end marker. */
  @FunctionalInterface
  private interface Loop {
    void run() throws InterruptedException;
  }

  /**
   * Runs the items through the stages one record per element.
   *
   * @param items the records
   * @param kind the queue used between threads
   * @return what the sink saw
   * @throws InterruptedException if interrupted while producing or joining
   */
  public static Checksum perRecord(Item[] items, QueueKind kind) throws InterruptedException {
    Channel<Item> toInc = kind.create(CAPACITY);
    Channel<Item> toTriple = kind.create(CAPACITY);
    Channel<Item> toFilter = kind.create(CAPACITY);
    Channel<Item> toSink = kind.create(CAPACITY);
    Checksum checksum = new Checksum();
    List<Thread> threads = start(kind,
        () -> {
          for (Item item = toInc.take(); item != END; item = toInc.take()) {
            toTriple.put(Work.inc(item));
          }
          toTriple.put(END);
        },
        () -> {
          for (Item item = toTriple.take(); item != END; item = toTriple.take()) {
            toFilter.put(Work.triple(item));
          }
          toFilter.put(END);
        },
        () -> {
          for (Item item = toFilter.take(); item != END; item = toFilter.take()) {
            if (Work.keep(item)) {
              toSink.put(item);
            }
          }
          toSink.put(END);
        },
        () -> {
          for (Item item = toSink.take(); item != END; item = toSink.take()) {
            checksum.add(item);
          }
        });
    for (Item item : items) {
      toInc.put(item);
    }
    toInc.put(END);
    join(kind, threads);
    return checksum;
  }

  /**
   * Runs the items through the stages in chunks.
   *
   * @param items the records
   * @param kind the queue used between threads
   * @return what the sink saw
   * @throws InterruptedException if interrupted while producing or joining
   */
  public static Checksum chunked(Item[] items, QueueKind kind) throws InterruptedException {
    int capacity = CAPACITY / DisruptorChunked.CHUNK;
    Channel<Item[]> toInc = kind.create(capacity);
    Channel<Item[]> toTriple = kind.create(capacity);
    Channel<Item[]> toFilter = kind.create(capacity);
    Channel<Item[]> toSink = kind.create(capacity);
    Checksum checksum = new Checksum();
    List<Thread> threads = start(kind,
        () -> {
          for (Item[] chunk = toInc.take(); chunk != END_CHUNK; chunk = toInc.take()) {
            for (Item item : chunk) {
              Work.inc(item);
            }
            toTriple.put(chunk);
          }
          toTriple.put(END_CHUNK);
        },
        () -> {
          for (Item[] chunk = toTriple.take(); chunk != END_CHUNK; chunk = toTriple.take()) {
            for (Item item : chunk) {
              Work.triple(item);
            }
            toFilter.put(chunk);
          }
          toFilter.put(END_CHUNK);
        },
        () -> {
          for (Item[] chunk = toFilter.take(); chunk != END_CHUNK; chunk = toFilter.take()) {
            int kept = 0;
            for (Item item : chunk) {
              if (Work.keep(item)) {
                chunk[kept++] = item;
              }
            }
            if (kept > 0) {
              toSink.put(kept == chunk.length ? chunk : Arrays.copyOf(chunk, kept));
            }
          }
          toSink.put(END_CHUNK);
        },
        () -> {
          for (Item[] chunk = toSink.take(); chunk != END_CHUNK; chunk = toSink.take()) {
            for (Item item : chunk) {
              checksum.add(item);
            }
          }
        });
    for (int from = 0; from < items.length; from += DisruptorChunked.CHUNK) {
      toInc.put(Arrays.copyOfRange(items, from,
          Math.min(items.length, from + DisruptorChunked.CHUNK)));
    }
    toInc.put(END_CHUNK);
    join(kind, threads);
    return checksum;
  }

  private static List<Thread> start(QueueKind kind, Loop... loops) {
    List<Thread> threads = new ArrayList<>();
    for (Loop loop : loops) {
      Thread thread = new Thread(() -> {
        try {
          loop.run();
        } catch (InterruptedException stopped) {
          Thread.currentThread().interrupt();
        }
      }, kind + "-" + threads.size());
      threads.add(thread);
      thread.start();
    }
    return threads;
  }

  /** Joins the stage threads; the sink's thread ends last, after the end marker. */
  private static void join(QueueKind kind, List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ProcessorThreads.TIMEOUT_SECONDS);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    if (threads.stream().anyMatch(Thread::isAlive)) {
      threads.forEach(Thread::interrupt);
      throw new IllegalStateException(kind + ": stage threads still running after "
          + ProcessorThreads.TIMEOUT_SECONDS + " s");
    }
  }
}
