package io.sluice.benchmarks.sluice;

import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import io.sluice.benchmarks.work.Checksum;
import io.sluice.benchmarks.work.Item;

/**
 * A Sluice sink adding every record to a {@link Checksum}; shared by the runs of one blueprint and
 * reset when each run opens it. Read {@link #checksum()} only after the run has completed (the
 * runner joins the sink's thread before {@code run()} returns).
 */
public final class ChecksumSink implements Sink<Item> {
  private final Checksum checksum = new Checksum();

  @Override
  public void open(StageContext context) {
    checksum.reset();
  }

  @Override
  public void write(Item record) {
    checksum.add(record);
  }

  /**
   * Returns what the last run delivered.
   *
   * @return the checksum
   */
  public Checksum checksum() {
    return checksum;
  }
}
