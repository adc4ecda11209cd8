package io.sluice.benchmarks.baselines;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.util.concurrent.CountDownLatch;

/**
 * The three stages wired by hand on the raw Disruptor, one ring and one thread per stage and one
 * for the sink (four hand-offs per record, as in the Sluice pipeline), one record per slot, each
 * record claimed and published on its own. The calling thread is the producer.
 */
public final class DisruptorRingPerStage {
  /** Slots per ring: the records a Sluice ring holds by default. */
  static final int RING_SIZE = 4096;

  /** The end-of-stream marker, compared by reference. */
  private static final Item END = new Item(-1);

  private DisruptorRingPerStage() {}

  /** A ring slot: one record. */
  static final class Slot {
    Item item;
  }

  /**
   * Runs the items through the three stages to the sink.
   *
   * @param items the records
   * @param wait how consumers wait for events
   * @return what the sink saw
   * @throws InterruptedException if interrupted while waiting for the end
   */
  public static Checksum run(Item[] items, Wait wait) throws InterruptedException {
    RingBuffer<Slot> toInc = ring(wait);
    RingBuffer<Slot> toTriple = ring(wait);
    RingBuffer<Slot> toFilter = ring(wait);
    RingBuffer<Slot> toSink = ring(wait);
    Checksum checksum = new Checksum();
    CountDownLatch done = new CountDownLatch(1);
    ProcessorThreads threads = new ProcessorThreads("disruptor-" + wait);
    threads.consume(toInc, (slot, seq, endOfBatch) -> {
      Item item = slot.item;
      publish(toTriple, item == END ? END : Work.inc(item));
    });
    threads.consume(toTriple, (slot, seq, endOfBatch) -> {
      Item item = slot.item;
      publish(toFilter, item == END ? END : Work.triple(item));
    });
    threads.consume(toFilter, (slot, seq, endOfBatch) -> {
      Item item = slot.item;
      if (item == END || Work.keep(item)) {
        publish(toSink, item);
      }
    });
    threads.consume(toSink, sink(checksum, done));
    threads.start();
    for (Item item : items) {
      publish(toInc, item);
    }
    publish(toInc, END);
    threads.awaitThenStop(done);
    return checksum;
  }

  private static EventHandler<Slot> sink(Checksum checksum, CountDownLatch done) {
    return (slot, seq, endOfBatch) -> {
      if (slot.item == END) {
        done.countDown();
      } else {
        checksum.add(slot.item);
      }
    };
  }

  private static RingBuffer<Slot> ring(Wait wait) {
    return RingBuffer.createSingleProducer(Slot::new, RING_SIZE, wait.create());
  }

  private static void publish(RingBuffer<Slot> ring, Item item) {
    long sequence = Publishing.claim(ring);
    ring.get(sequence).item = item;
    ring.publish(sequence);
  }
}
