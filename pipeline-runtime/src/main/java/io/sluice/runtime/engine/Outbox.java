package io.sluice.runtime.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import java.util.function.BooleanSupplier;

/**
 * The producer side of a {@link Ring} for the one thread that feeds it: fills the claimed chunk
 * record by record and publishes it when full, or partly filled as soon as the consumer has (nearly)
 * caught up (so a busy producer batches hand-offs while a waiting consumer is never kept waiting, and at
 * most a chunk or two of the ring's slots ever carry partial chunks, so a ring holds close to its
 * size in records). A full ring makes {@link #emit} wait: that is backpressure; the time spent
 * waiting is counted ({@link #blockedNanos()}) so that it is not taken for work.
 *
 * <p>An <em>eager</em> outbox (fed by a per-record stage or a source) checks at every record
 * whether the consumer has at most the last chunk it published left to take, and publishes at once
 * if so. The consumer's sequence moves only at the end of its poll, so a consumer that already
 * handed on the record before this one may still be inside the poll that carried it; waiting for
 * it to have taken <em>everything</em> would then hold this record until the producer's next emit
 * or poll end, however long the producer's next call takes (a stage waiting for its previous
 * output to come back, an enrichment that hits a slow lookup). One chunk of slack closes that race
 * with no clock read, and keeps rings full under load: a consumer two chunks behind gets nothing
 * until it catches up, so chunks fill while it works, and at most one part-full chunk is published
 * per catch-up. A busy consumer's records still wait for the producer's next emit, poll end or
 * wait; only a consumer that is about to wait is served at once. An outbox fed by a batched
 * stage is not eager: the stage's batch is one unit, published when the call returns
 * ({@link Step#afterBatch}), so a batch travels in as few chunks as it fills.
 */
final class Outbox implements Emitter<Object>, BarrierLane {
  private final RingBuffer<Chunk> ring;
  private final Ring target;
  private final boolean eager;
  private final BooleanSupplier hasRoom;
  private final int capacity;
  private final RunControl control;
  private final Idler idler = new Idler();
  private Chunk current;
  private long sequence = -1;
  private long lastPublished = -1;
  private long lost;
  private final EdgeCount edge;
  private long blockedNanos;
  private Runnable beforePublish = () -> { };
  private Runnable whenFull = () -> { };

  /**
   * Creates the outbox of one edge into a ring.
   *
   * @param ring the ring; fed by this outbox only, unless it is a merging ring
   * @param control the run, checked while waiting for room
   * @param edge the count of the edge whose records this outbox carries
   * @param eager whether each record is published as soon as the consumer has caught up (a
   *     per-record producer), rather than when the producer's batch call returns
   */
  public Outbox(Ring ring, RunControl control, EdgeCount edge, boolean eager) {
    this.ring = ring.buffer();
    this.target = ring;
    this.hasRoom = ring::hasRoom;
    this.eager = eager;
    this.capacity = ring.chunkCapacity();
    this.control = control;
    this.edge = edge;
  }

  /**
   * Sets what to do before waiting for room: publish the partial chunks of the thread's other
   * outboxes, since the consumer this one waits for may itself wait for one of them (branches that
   * meet again downstream).
   *
   * @param hook run each time the ring is found full
   */
  public void whenFull(Runnable hook) {
    this.whenFull = hook;
  }

  /** Counts what was on its way along the edge when the run stopped as stranded on it. */
  public void countStranded() {
    edge.stranded += stranded();
    lost = 0;
    if (current != null) {
      current.size = 0;
    }
  }

  @Override
  public void emit(Object record) {
    Chunk chunk = current;
    if (chunk == null) {
      try {
        chunk = claim();
      } catch (Stopped stopped) {
        lost++; // handed over by the upstream, but the run stopped before it found a slot
        throw stopped;
      }
    }
    chunk.items[chunk.size++] = record;
    if (chunk.size == capacity) {
      publish();
    } else if (eager && target.consumedUpTo(lastPublished - 1)) {
      publish(); // the consumer has at most our last chunk left: it may wait for this record
    }
  }

  /**
   * Tells whether records wait in a partly filled chunk.
   *
   * @return {@code true} if a chunk is claimed and not yet published
   */
  boolean hasPending() {
    return current != null;
  }

  /**
   * Returns how long this outbox's thread has waited for room in the ring so far (blocked by a
   * slower consumer), in nanoseconds; read on the outbox's thread.
   *
   * @return nanoseconds
   */
  long blockedNanos() {
    return blockedNanos;
  }

  /**
   * Returns the records handed to this outbox that never reached the ring because the run
   * stopped: those in the unpublished chunk, and those that found no slot. Read after the run's
   * threads ended; they count as stranded at the consuming stage.
   *
   * @return the count
   */
  public long stranded() {
    return lost + (current == null ? 0 : current.size);
  }

  /**
   * Sets what runs on this outbox's thread just before each chunk is published (the worker
   * publishing its counts, so that snapshots stay consistent across stages).
   *
   * @param hook the action
   */
  public void beforePublish(Runnable hook) {
    this.beforePublish = hook;
  }

  /** Publishes the partly filled chunk, if any. */
  public void flush() {
    if (current != null) {
      publish();
    }
  }

  /**
   * Publishes the partly filled chunk only if the consumer waits for it or soon will: it has taken
   * everything but, at most, the last chunk this outbox published (see the class comment).
   */
  public void flushIfConsumerWaiting() {
    if (current != null && target.consumedUpTo(lastPublished - 1)) {
      publish();
    }
  }

  /**
   * Publishes the partly filled chunk unless that would crowd the ring: only if the consumer has
   * taken everything before it or half the ring's slots are free. A producer that publishes after
   * every record (a slow stage, a blocking source) thus never fills a stuck consumer's ring with
   * slivers: once it is half full, chunks fill up again.
   */
  public void flushUnlessCrowded() {
    if (current != null && (target.consumedUpTo(lastPublished) || target.mostlyFree())) {
      publish();
    }
  }

  /**
   * Publishes what is pending, then the end-of-stream signal.
   *
   * @param reason END_OF_STREAM or DRAIN: how the batches downstream will be flushed
   */
  public void end(FlushReason reason) {
    flush();
    Chunk chunk = claim();
    chunk.end = reason;
    publish();
  }

  /** Publishes what is pending, then the barrier in a chunk of its own. */
  @Override
  public void barrier(Barrier barrier) {
    flush();
    Chunk chunk = claim();
    chunk.barrier = barrier;
    publish();
  }

  private Chunk claim() {
    long blockedSince = 0;
    while (true) {
      try {
        sequence = ring.tryNext();
        break;
      } catch (InsufficientCapacityException full) {
        if (control.isStopped()) {
          throw Stopped.INSTANCE;
        }
        if (blockedSince == 0) {
          blockedSince = System.nanoTime();
        }
        whenFull.run();
        idler.idle(Idler.MAX_PARK_NANOS, target.producerBell(), hasRoom);
      }
    }
    if (blockedSince != 0) {
      blockedNanos += System.nanoTime() - blockedSince;
      idler.reset();
    }
    Chunk chunk = ring.get(sequence);
    chunk.size = 0;
    chunk.end = null;
    chunk.barrier = null;
    chunk.edge = edge;
    current = chunk;
    return chunk;
  }

  private void publish() {
    current = null;
    beforePublish.run();
    target.publish(sequence);
    lastPublished = sequence;
  }
}
