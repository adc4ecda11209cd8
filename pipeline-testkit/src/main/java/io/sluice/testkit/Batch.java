package io.sluice.testkit;

import io.sluice.api.FlushReason;
import java.util.List;
import java.util.Objects;

/**
 * One batch a batched stage or sink was handed: why it was flushed and what it held.
 *
 * @param reason why the batch was flushed
 * @param records the records of the batch, in arrival order (an immutable copy)
 * @param <T> the record type
 */
public record Batch<T>(FlushReason reason, List<T> records) {

  /**
   * Creates a batch, copying the records.
   *
   * @param reason why the batch was flushed
   * @param records the records of the batch
   * @throws NullPointerException if an argument or a record is {@code null}
   */
  public Batch {
    Objects.requireNonNull(reason, "reason");
    records = List.copyOf(records);
  }

  /**
   * Returns how many records the batch held.
   *
   * @return the batch size
   */
  public int size() {
    return records.size();
  }

  @Override
  public String toString() {
    return reason + " " + records;
  }
}
