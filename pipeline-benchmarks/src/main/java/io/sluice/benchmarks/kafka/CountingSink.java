package io.sluice.benchmarks.kafka;

import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wraps the Kafka sink: counts and sums what it wrote (acknowledged by the broker), and opens a
 * latch once a whole topic's worth went through, so the benchmark knows when to drain the run
 * (a Kafka source never ends by itself).
 */
final class CountingSink implements Sink<KafkaWork.Out> {
  private final Sink<KafkaWork.Out> kafka;
  private final long expected;
  private final CountDownLatch done = new CountDownLatch(1);
  private long count;
  private long sum;

  CountingSink(Sink<KafkaWork.Out> kafka, long expected) {
    this.kafka = kafka;
    this.expected = expected;
  }

  @Override
  public void open(StageContext context) throws Exception {
    kafka.open(context);
  }

  @Override
  public void write(KafkaWork.Out record) throws Exception {
    kafka.write(record);
    counted(record);
  }

  @Override
  public void writeBatch(List<KafkaWork.Out> batch) throws Exception {
    kafka.writeBatch(batch); // throws if any record failed: the run fails, the benchmark too
    for (int i = 0, n = batch.size(); i < n; i++) {
      counted(batch.get(i));
    }
  }

  private void counted(KafkaWork.Out record) {
    count++;
    sum += record.value();
    if (count == expected) {
      done.countDown();
    }
  }

  @Override
  public boolean handlesBatches() {
    return kafka.handlesBatches();
  }

  @Override
  public void onCheckpoint(long checkpointId) throws Exception {
    kafka.onCheckpoint(checkpointId);
  }

  @Override
  public void close() throws Exception {
    kafka.close();
  }

  /** Waits a little for the whole topic to be written; true once it was. */
  boolean awaitAll(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Read after the run ended (its threads joined): the records written. */
  long count() {
    return count;
  }

  /** Read after the run ended: the sum of the values written. */
  long sum() {
    return sum;
  }
}
