package io.sluice.api;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Thrown by {@link Stage#processBatch} or {@link Sink#writeBatch} to say that some records of the
 * batch failed and <em>every other record succeeded</em>: it was written, or what the call emitted
 * for it stands. Bulk interfaces report failures per item (a JDBC batch's update counts, the item
 * errors of a bulk index request, a queue's unprocessed items); this hands them to the runner
 * without throwing the whole batch away.
 *
 * <p>Only the listed records take the stage's {@link ErrorPolicy}: under a retry they are called
 * again, as a batch of their own, and then skipped, dead-lettered or failing the run, each with
 * its own cause; the others count as passed on (a stage's, if the call emitted anything; else
 * filtered) or written (a sink's). The batch is not split to find the failing records, so this
 * costs no extra calls. Records the call emitted are passed on, since the call succeeded for the
 * others. Indexes are positions in the list the call was given.
 *
 * <pre>{@code
 * public void writeBatch(List<Order> orders) throws Exception {
 *   BatchRecordsFailedException.Builder failed = BatchRecordsFailedException.builder();
 *   List<Result> results = client.bulkIndex(orders);
 *   for (int i = 0; i < results.size(); i++) {
 *     if (results.get(i).isError()) {
 *       failed.fail(i, new IOException(results.get(i).error()));
 *     }
 *   }
 *   failed.throwIfAny();
 * }
 * }</pre>
 */
public final class BatchRecordsFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient SortedMap<Integer, Exception> failures;

  /**
   * Creates the exception; its cause is the failure of the first failed record.
   *
   * @param failures each failed record's index in the batch, with why it failed
   * @throws NullPointerException if {@code failures}, an index or an exception is {@code null}
   * @throws IllegalArgumentException if {@code failures} is empty or an index is negative
   */
  public BatchRecordsFailedException(Map<Integer, ? extends Exception> failures) {
    this(copy(failures));
  }

  private BatchRecordsFailedException(SortedMap<Integer, Exception> failures) {
    super(failures.size() + " record(s) of the batch failed, the first at index "
        + failures.firstKey() + ": " + failures.get(failures.firstKey()),
        failures.get(failures.firstKey()));
    this.failures = Collections.unmodifiableSortedMap(failures);
  }

  private static SortedMap<Integer, Exception> copy(Map<Integer, ? extends Exception> given) {
    Checks.notNull(given, "failures");
    Checks.check(!given.isEmpty(), "a BatchRecordsFailedException must name at least one "
        + "failed record");
    SortedMap<Integer, Exception> copy = new TreeMap<>();
    given.forEach((index, cause) -> {
      Checks.notNull(index, "failed record index");
      Checks.check(index >= 0, "failed record index must not be negative but was %d", index);
      copy.put(index, Checks.notNull(cause, "cause of the failure of record " + index));
    });
    return copy;
  }

  /**
   * Returns a builder, to collect the failures of a batch as a call finds them.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the failed records' indexes in the batch, ascending, each with why it failed.
   *
   * @return an unmodifiable map
   */
  public SortedMap<Integer, Exception> failures() {
    return failures;
  }

  /** Collects the failed records of one call; not thread-safe. */
  public static final class Builder {
    private final SortedMap<Integer, Exception> failures = new TreeMap<>();

    private Builder() {}

    /**
     * Records that the record at {@code index} of the batch failed.
     *
     * @param index the record's position in the batch
     * @param cause why it failed
     * @return this builder
     * @throws NullPointerException if {@code cause} is {@code null}
     * @throws IllegalArgumentException if {@code index} is negative or was given before
     */
    public Builder fail(int index, Exception cause) {
      Checks.check(index >= 0, "failed record index must not be negative but was %d", index);
      Checks.notNull(cause, "cause of the failure of record " + index);
      Checks.check(failures.putIfAbsent(index, cause) == null,
          "record %d of the batch was reported failed twice", index);
      return this;
    }

    /**
     * Tells whether no failure was recorded.
     *
     * @return {@code true} if empty
     */
    public boolean isEmpty() {
      return failures.isEmpty();
    }

    /**
     * Throws the exception listing the recorded failures, if there is any.
     *
     * @throws BatchRecordsFailedException if a failure was recorded
     */
    public void throwIfAny() throws BatchRecordsFailedException {
      if (!failures.isEmpty()) {
        throw new BatchRecordsFailedException(new TreeMap<>(failures));
      }
    }
  }
}
