package io.sluice.benchmarks.work;

/**
 * What a sink saw: how many records and the sum of their {@code tripled} fields. Every benchmark
 * checks it against {@link #expectedCount}/{@link #expectedSum} after each run, so a system that
 * drops, duplicates or skips work fails the benchmark instead of measuring dead code. Not
 * thread-safe: written by the sink thread, read after that thread has been joined (or after another
 * happens-before edge such as a latch).
 */
public final class Checksum {
  private long count;
  private long sum;

  /**
   * Adds one record that reached the sink.
   *
   * @param item the record
   */
  public void add(Item item) {
    count++;
    sum += item.tripled;
  }

  /** Forgets everything added, for the next run. */
  public void reset() {
    count = 0;
    sum = 0;
  }

  /**
   * Returns how many records were added.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Returns the sum of the records' {@code tripled} fields.
   *
   * @return the sum
   */
  public long sum() {
    return sum;
  }

  /**
   * Returns how many of the items {@code 0 .. records-1} pass the three stages: those whose
   * {@code 3 * (i + 1)} is even, i.e. the odd {@code i}.
   *
   * @param records how many items went in
   * @return the number reaching the sink
   */
  public static long expectedCount(long records) {
    return records / 2;
  }

  /**
   * Returns the sum a sink must see: over odd {@code i = 2k + 1 < records}, {@code 3 * (i + 1)} is
   * {@code 6 (k + 1)}, so the sum is {@code 3 m (m + 1)} with {@code m = records / 2}.
   *
   * @param records how many items went in
   * @return the expected sum
   */
  public static long expectedSum(long records) {
    long m = records / 2;
    return 3 * m * (m + 1);
  }

  /**
   * Checks what the sink saw after a run of {@code records} items.
   *
   * @param system the system that ran, for the message
   * @param records how many items went in
   * @return the sum, for the benchmark to return so nothing is dead code
   * @throws IllegalStateException if the count or the sum is wrong
   */
  public long verify(String system, long records) {
    if (count != expectedCount(records) || sum != expectedSum(records)) {
      throw new IllegalStateException(system + ": the sink saw " + count + " records summing to "
          + sum + " but " + records + " items in must give " + expectedCount(records)
          + " summing to " + expectedSum(records));
    }
    return sum;
  }
}
