package io.sluice.runtime.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import java.util.function.BooleanSupplier;

/**
 * The producer side of a {@link Ring} for the one thread that feeds it: fills the claimed chunk
 * record by record and publishes it when full, or partly filled as soon as the consumer has caught
 * up (so a busy producer batches hand-offs while a waiting consumer is never kept waiting, and at
 * most a chunk or two of the ring's slots ever carry partial chunks, so a ring holds close to its
 * size in records). A full ring makes {@link #emit} wait: that is backpressure; the time spent
 * waiting is counted ({@link #blockedNanos()}) so that it is not taken for work.
 *
 * <p>An <em>eager</em> outbox (fed by a per-record stage or a source) checks at every record
 * whether the consumer has caught up, and publishes at once if so: a record never waits for the
 * rest of its producer's input chunk, however slow the producer. The check is a read or two of
 * lines the consumer writes rarely (its sequence once per poll, its idle flag on transitions). So
 * that a consumer that keeps catching up with a fast producer does not turn every record into a
 * hand-off, the size an eager publish needs doubles each time the consumer was found busy rather
 * than waiting (1, 2, 4, ... up to a chunk) and drops back to 1 once it is found waiting.
 *
 * <p>What that holds back leaves before the producer's next call: between two records of its input
 * the worker calls {@link #handOffBeforeNextCall()}, which publishes the held chunk if it has at
 * least as many records as the chunk published last and the consumer has taken everything but, at
 * most, that last chunk. The chunk of slack matters: the consumer's sequence moves only when its
 * poll returns, so a consumer that already handed on the previous record may still count it as
 * pending, and a producer that waited for it to have taken <em>everything</em> could keep the next
 * record through a call of any length (a stage waiting for its previous output to come back, an
 * enrichment hitting a slow lookup). The size condition keeps chunks from shrinking to single
 * records while a consumer keeps up with a fast producer. No clock is read, and rings still fill
 * under load: a consumer two chunks behind gets no partial chunk. What is left open: a record held
 * while its consumer was two chunks behind, or in a chunk smaller than the last, can still wait
 * for one call of the producer.
 *
 * <p>An outbox fed by a batched stage is not eager: the stage's batch is one unit, published when
 * the call returns ({@link Step#afterBatch}), so a batch travels in as few chunks as it fills.
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
  /** Records a chunk needs before an eager publish to a consumer that is not waiting. */
  private int eagerSize = 1;
  /** Records in the chunk published last: the one a consumer a chunk behind is working on. */
  private int lastPublishedSize;
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
    } else if (eager && (chunk.size >= eagerSize || target.consumerIdle())
        && target.consumedUpTo(lastPublished)) {
      // a waiting consumer resets the size; one that caught up while busy doubles it
      eagerSize = target.consumerIdle() ? 1 : Math.min(capacity, eagerSize << 1);
      publish();
    }
  }

  /**
   * Tells whether one more record can be emitted without waiting: a chunk is claimed (it has
   * room, it is published once full), or the ring has a free slot for a new one.
   *
   * @return {@code true} if {@link #emit} would not block now
   */
  boolean hasRoom() {
    return current != null || target.hasRoom();
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

  /** Publishes the partly filled chunk only if the consumer has taken everything before it. */
  public void flushIfConsumerWaiting() {
    if (current != null && target.consumedUpTo(lastPublished)) {
      publish();
    }
  }

  /**
   * Between two calls of the producer: publishes the partly filled chunk if the consumer waits for
   * it, or soon will: it has taken everything before it, or everything but the last chunk this
   * outbox published and the held chunk has as many records as that one (see the class comment).
   */
  public void handOffBeforeNextCall() {
    Chunk held = current;
    if (held != null && held.size >= lastPublishedSize
        && target.consumedUpTo(lastPublished - 1)) {
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
    lastPublishedSize = current.size;
    current = null;
    beforePublish.run();
    target.publish(sequence);
    lastPublished = sequence;
  }
}
