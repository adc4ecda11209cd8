package io.sluice.benchmarks.baselines;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.sluice.benchmarks.work.Item;
import io.sluice.benchmarks.work.SinkCost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A costly sink behind one raw Disruptor ring, batching the usual Disruptor way: the consumer
 * gathers records and writes when it has {@code batchSize} of them or has drained what was
 * published ({@code endOfBatch}). The calling thread is the producer.
 */
public final class DisruptorBatchingSink {
  private static final Item END = new Item(-1);

  private DisruptorBatchingSink() {}

  /**
   * Writes the items to a sink with {@link SinkCost}.
   *
   * @param items the records
   * @param batchSize the most records per write
   * @return the sink's tally
   * @throws InterruptedException if interrupted while waiting for the end
   */
  public static SinkCost run(Item[] items, int batchSize) throws InterruptedException {
    RingBuffer<DisruptorRingPerStage.Slot> ring = RingBuffer.createSingleProducer(
        DisruptorRingPerStage.Slot::new, DisruptorRingPerStage.RING_SIZE, Wait.YIELDING.create());
    SinkCost cost = new SinkCost();
    CountDownLatch done = new CountDownLatch(1);
    ProcessorThreads threads = new ProcessorThreads("disruptor-batching-sink");
    threads.consume(ring, new Batcher(cost, batchSize, done));
    threads.start();
    for (Item item : items) {
      publish(ring, item);
    }
    publish(ring, END);
    threads.awaitThenStop(done);
    return cost;
  }

  private static void publish(RingBuffer<DisruptorRingPerStage.Slot> ring, Item item) {
    long sequence = Publishing.claim(ring);
    ring.get(sequence).item = item;
    ring.publish(sequence);
  }

  /** Gathers records into a reused list and writes it when full or at the end of a batch. */
  private static final class Batcher implements EventHandler<DisruptorRingPerStage.Slot> {
    private final SinkCost cost;
    private final int batchSize;
    private final CountDownLatch done;
    private final List<Item> batch;

    Batcher(SinkCost cost, int batchSize, CountDownLatch done) {
      this.cost = cost;
      this.batchSize = batchSize;
      this.done = done;
      this.batch = new ArrayList<>(batchSize);
    }

    @Override
    public void onEvent(DisruptorRingPerStage.Slot slot, long sequence, boolean endOfBatch) {
      if (slot.item == END) {
        write();
        done.countDown();
        return;
      }
      batch.add(slot.item);
      if (batch.size() == batchSize || endOfBatch) {
        write();
      }
    }

    private void write() {
      if (!batch.isEmpty()) {
        cost.writeBatch(batch);
        batch.clear();
      }
    }
  }
}
