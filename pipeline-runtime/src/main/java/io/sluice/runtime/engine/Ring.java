package io.sluice.runtime.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * A stage's input ring: a Disruptor ring buffer of {@link Chunk}s sized so that it holds
 * {@code ringSize} records in all. Records travel in chunks of up to {@link #chunkCapacity()} so
 * one claim and one publish move many records; a live input, whose callers push one record at a
 * time, gets chunks of one and as many slots as records.
 *
 * <p>Threads never block inside the Disruptor: producers use {@code tryNext} and consumers an
 * {@link EventPoller}, and both wait with an {@link Idler} on one of the ring's {@link Doorbell}s:
 * {@link #publish} rings the consumer's, the consumer rings the producers' after taking chunks. The
 * wait strategy given to the ring is therefore never waited on; a non-blocking one is chosen so
 * that publishing takes no lock.
 */
final class Ring {
  static final int MAX_CHUNK = 64;

  private final RingBuffer<Chunk> buffer;
  private final EventPoller<Chunk> poller;
  private final Sequence consumed;
  private final int chunkCapacity;
  private final Doorbell consumerBell = new Doorbell();
  private final Doorbell producerBell = new Doorbell();
  /** Set by the consumer once it has found the ring empty a few times in a row. */
  private volatile boolean consumerIdle;

  private Ring(RingBuffer<Chunk> buffer, int chunkCapacity) {
    this.buffer = buffer;
    this.chunkCapacity = chunkCapacity;
    this.poller = buffer.newPoller();
    this.consumed = poller.getSequence();
    buffer.addGatingSequences(consumed);
  }

  /**
   * Makes the ring fed by one stage thread.
   *
   * @param ringSize records the ring holds, a power of two
   * @return the ring
   */
  public static Ring singleProducer(int ringSize) {
    return singleProducer(ringSize, 1);
  }

  /**
   * Makes the ring fed by one stage thread, with chunks of one batch of its consumer where that
   * fits: a batch that arrives whole in one chunk is handed to the stage without being copied.
   *
   * @param ringSize records the ring holds, a power of two
   * @param batchSize the consuming stage's maximum batch size (1 for a per-record stage)
   * @return the ring
   */
  public static Ring singleProducer(int ringSize, int batchSize) {
    int chunk = chunkCapacity(ringSize, batchSize);
    return new Ring(RingBuffer.createSingleProducer(() -> new Chunk(chunk), ringSize / chunk,
        new YieldingWaitStrategy()), chunk);
  }

  /**
   * Creates the ring of a stage fed along several edges (a merge): any number of threads publish
   * chunks into it, each through its own outbox.
   *
   * @param ringSize records the ring holds, a power of two
   * @param batchSize the consuming stage's maximum batch size (1 for a per-record stage)
   * @return the ring
   */
  public static Ring merging(int ringSize, int batchSize) {
    int chunk = chunkCapacity(ringSize, batchSize);
    return new Ring(RingBuffer.createMultiProducer(() -> new Chunk(chunk), ringSize / chunk,
        new YieldingWaitStrategy()), chunk);
  }

  /**
   * Makes the ring fed by the callers of a live input, one record per slot.
   *
   * @param ringSize records the ring holds, a power of two
   * @return the ring
   */
  public static Ring multiProducer(int ringSize) {
    return new Ring(RingBuffer.createMultiProducer(() -> new Chunk(1), ringSize,
        new YieldingWaitStrategy()), 1);
  }

  /**
   * Returns how many records one slot carries for a ring of the given size: large enough to make
   * hand-offs cheap, small enough to leave at least 8 slots so producer and consumer overlap.
   *
   * @param ringSize records the ring holds
   * @return records per chunk
   */
  static int chunkCapacity(int ringSize) {
    return Math.max(1, Math.min(MAX_CHUNK, ringSize / 8));
  }

  /**
   * Returns the records per slot for a consumer taking batches of {@code batchSize}: the batch
   * size itself when it is a power of two above {@link #MAX_CHUNK} that still leaves 8 slots (a
   * batch then travels whole in one slot), else {@link #chunkCapacity(int)}.
   */
  static int chunkCapacity(int ringSize, int batchSize) {
    int usual = chunkCapacity(ringSize);
    boolean powerOfTwo = batchSize > 0 && (batchSize & (batchSize - 1)) == 0;
    return powerOfTwo && batchSize > usual && batchSize <= ringSize / 8 ? batchSize : usual;
  }

  /**
   * Publishes a claimed slot and wakes the consumer if it parked.
   *
   * @param sequence the claimed sequence
   */
  void publish(long sequence) {
    buffer.publish(sequence);
    consumerBell.ring();
  }

  /** Whether the consumer has taken every chunk up to and including {@code sequence}. */
  boolean consumedUpTo(long sequence) {
    return consumed.get() >= sequence;
  }

  /** Whether the consumer has been waiting for work (not just between two chunks). */
  boolean consumerIdle() {
    return consumerIdle;
  }

  /** Marks the consumer waiting for work, or working again; written on transitions only. */
  void consumerIdle(boolean idle) {
    consumerIdle = idle;
  }

  /** Whether a chunk may be waiting for the consumer (claimed chunks count until published). */
  boolean mayHaveWork() {
    return buffer.getCursor() > consumed.get();
  }

  /** Whether at least half the ring's slots are free: publishing a partial chunk costs nothing. */
  boolean mostlyFree() {
    return buffer.remainingCapacity() >= buffer.getBufferSize() / 2;
  }

  /** Whether a producer would find room for one chunk. */
  boolean hasRoom() {
    return buffer.hasAvailableCapacity(1);
  }

  /** The bell the consumer sleeps on while the ring is empty. */
  Doorbell consumerBell() {
    return consumerBell;
  }

  /** The bell a producer sleeps on while the ring is full. */
  Doorbell producerBell() {
    return producerBell;
  }

  int chunkCapacity() {
    return chunkCapacity;
  }

  RingBuffer<Chunk> buffer() {
    return buffer;
  }

  EventPoller<Chunk> poller() {
    return poller;
  }

  /**
   * Returns how many records can wait in the ring at most.
   *
   * @return the capacity in records
   */
  public long capacity() {
    return (long) buffer.getBufferSize() * chunkCapacity;
  }
}
