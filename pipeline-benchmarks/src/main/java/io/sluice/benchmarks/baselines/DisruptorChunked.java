package io.sluice.benchmarks.baselines;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.Work;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The three stages on the raw Disruptor with chunked hand-off: each slot carries up to
 * {@link #CHUNK} records in a preallocated array, so one claim and one publish move a whole chunk.
 * A stage fills its outgoing chunk and publishes it when full or when it has drained its input
 * ({@code endOfBatch}), the usual Disruptor batching idiom. Rings hold as many records as the
 * per-record rings ({@code RING_SIZE / CHUNK} slots); nothing is allocated per record or per chunk.
 */
public final class DisruptorChunked {
  /** Records per slot, as in {@code batched(256)}. */
  public static final int CHUNK = 256;

  private static final int SLOTS = DisruptorRingPerStage.RING_SIZE / CHUNK;

  private DisruptorChunked() {}

  /** A ring slot: a chunk of records, or the end of the stream. */
  static final class Slot {
    final Item[] items = new Item[CHUNK];
    int size;
    boolean end;
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
    ProcessorThreads threads = new ProcessorThreads("disruptor-chunked-" + wait);
    threads.consume(toInc, new StageHandler(toTriple, Work::inc, item -> true));
    threads.consume(toTriple, new StageHandler(toFilter, Work::triple, item -> true));
    threads.consume(toFilter, new StageHandler(toSink, UnaryOperator.identity(), Work::keep));
    threads.consume(toSink, (slot, seq, endOfBatch) -> {
      if (slot.end) {
        done.countDown();
        return;
      }
      for (int i = 0; i < slot.size; i++) {
        checksum.add(slot.items[i]);
      }
    });
    threads.start();
    for (int from = 0; from < items.length; from += CHUNK) {
      long sequence = Publishing.claim(toInc);
      Slot slot = toInc.get(sequence);
      slot.size = Math.min(CHUNK, items.length - from);
      slot.end = false;
      System.arraycopy(items, from, slot.items, 0, slot.size);
      toInc.publish(sequence);
    }
    publishEnd(toInc);
    threads.awaitThenStop(done);
    return checksum;
  }

  /** One stage: transforms each record, keeps those the filter accepts, fills the next ring. */
  private static final class StageHandler implements EventHandler<Slot> {
    private final RingBuffer<Slot> next;
    private final UnaryOperator<Item> work;
    private final Predicate<Item> keep;
    private Slot out;
    private long outSequence;

    StageHandler(RingBuffer<Slot> next, UnaryOperator<Item> work, Predicate<Item> keep) {
      this.next = next;
      this.work = work;
      this.keep = keep;
    }

    @Override
    public void onEvent(Slot in, long sequence, boolean endOfBatch) {
      if (in.end) {
        flush();
        publishEnd(next);
        return;
      }
      for (int i = 0; i < in.size; i++) {
        Item item = work.apply(in.items[i]);
        if (keep.test(item)) {
          if (out == null) {
            outSequence = Publishing.claim(next);
            out = next.get(outSequence);
            out.size = 0;
            out.end = false;
          }
          out.items[out.size++] = item;
          if (out.size == CHUNK) {
            flush();
          }
        }
      }
      if (endOfBatch) {
        flush();
      }
    }

    private void flush() {
      if (out != null) {
        out = null;
        next.publish(outSequence);
      }
    }
  }

  private static void publishEnd(RingBuffer<Slot> ring) {
    long sequence = Publishing.claim(ring);
    Slot slot = ring.get(sequence);
    slot.size = 0;
    slot.end = true;
    ring.publish(sequence);
  }

  private static RingBuffer<Slot> ring(Wait wait) {
    return RingBuffer.createSingleProducer(Slot::new, SLOTS, wait.create());
  }
}
