package io.sluice.runtime.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * A stage's input ring: a Disruptor ring buffer of {@link Chunk}s sized so that it holds
 * {@code ringSize} records in all. Records travel in chunks of up to {@link #chunkCapacity()} so
 * one claim and one publish move many records; a live input, whose callers push one record at a
 * time, gets chunks of one and as many slots as records.
 *
 * <p>Threads never block inside the Disruptor: producers use {@code tryNext} and consumers an
 * {@link EventPoller}, and both wait with an {@link Idler}. The wait strategy given to the ring is
 * therefore never waited on; a non-blocking one is chosen so that publishing takes no lock.
 */
final class Ring {
  static final int MAX_CHUNK = 64;

  private final RingBuffer<Chunk> buffer;
  private final EventPoller<Chunk> poller;
  private final int chunkCapacity;

  private Ring(RingBuffer<Chunk> buffer, int chunkCapacity) {
    this.buffer = buffer;
    this.chunkCapacity = chunkCapacity;
    this.poller = buffer.newPoller();
    buffer.addGatingSequences(poller.getSequence());
  }

  /**
   * Makes the ring fed by one stage thread.
   *
   * @param ringSize records the ring holds, a power of two
   * @return the ring
   */
  public static Ring singleProducer(int ringSize) {
    int chunk = chunkCapacity(ringSize);
    return new Ring(RingBuffer.createSingleProducer(() -> new Chunk(chunk), ringSize / chunk,
        new YieldingWaitStrategy()), chunk);
  }

  /**
   * Creates the ring of a stage fed along several edges (a merge): any number of threads publish
   * chunks into it, each through its own outbox.
   *
   * @param ringSize records the ring holds, a power of two
   * @return the ring
   */
  public static Ring merging(int ringSize) {
    int chunk = chunkCapacity(ringSize);
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
