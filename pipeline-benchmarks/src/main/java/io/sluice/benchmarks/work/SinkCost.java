package io.sluice.benchmarks.work;

import java.util.List;

/**
 * A model of a database round trip: each call to the sink costs a fixed time, and each record in
 * the call a little more. Paid by busy-spinning on {@link System#nanoTime()}, not sleeping, so
 * the cost is exact at microsecond scale and independent of timer slack. Also tallies what it
 * was given (count and sum of {@link Item#input}), so a run can be checked. Not thread-safe: one
 * sink thread; read the tally after that thread has ended.
 */
public final class SinkCost {
  /** The fixed cost of one call: 20 µs. */
  public static final long PER_CALL_NANOS = 20_000;
  /** The cost of each record in a call: 0.2 µs. */
  public static final long PER_RECORD_NANOS = 200;

  private long count;
  private long sum;

  /**
   * Pays for one call carrying one record.
   *
   * @param item the record
   */
  public void write(Item item) {
    spin(PER_CALL_NANOS + PER_RECORD_NANOS);
    count++;
    sum += item.input;
  }

  /**
   * Pays for one call carrying a batch.
   *
   * @param batch the records
   */
  public void writeBatch(List<Item> batch) {
    spin(PER_CALL_NANOS + PER_RECORD_NANOS * batch.size());
    for (Item item : batch) {
      count++;
      sum += item.input;
    }
  }

  /** Forgets the tally, for the next run. */
  public void reset() {
    count = 0;
    sum = 0;
  }

  /**
   * Checks that every one of the items {@code 0 .. records-1} was written exactly once.
   *
   * @param system the system that ran, for the message
   * @param records how many items went in
   * @return the sum of the inputs, for the benchmark to return
   * @throws IllegalStateException if the count or the sum is wrong
   */
  public long verify(String system, long records) {
    long expected = records * (records - 1) / 2;
    if (count != records || sum != expected) {
      throw new IllegalStateException(system + ": the sink wrote " + count + " records summing to "
          + sum + " but expected " + records + " summing to " + expected);
    }
    return sum;
  }

  /**
   * Returns the best throughput a sink with this cost can reach with calls of {@code batchSize}.
   *
   * @param batchSize records per call
   * @return records per second
   */
  public static double ceilingRecordsPerSecond(int batchSize) {
    return batchSize * 1e9 / (PER_CALL_NANOS + PER_RECORD_NANOS * batchSize);
  }

  /** Busy-waits for about {@code nanos}. */
  static void spin(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
  }
}
