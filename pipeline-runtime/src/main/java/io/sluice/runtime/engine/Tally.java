package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;

/**
 * The counts of one {@link Step}: what reached it, what it emitted, and the fate of every record
 * it received (see {@link io.sluice.api.StageReport} for the definitions). Written only by the
 * step's thread with plain increments; read by others once the run has ended (the thread ending
 * publishes them).
 */
public final class Tally {
  long received;
  long emitted;
  long passedOn;
  long filtered;
  long skipped;
  long deadLettered;
  long retried;
  long failed;
  long stranded;
  final long[] batches = new long[FlushReason.values().length];

  Tally() {}

  /** Records with a fate other than stranded; compared before and after a unit of work. */
  long settled() {
    return passedOn + filtered + skipped + deadLettered + failed;
  }

  /**
   * Returns the records taken from the ring.
   *
   * @return the count
   */
  public long received() {
    return received;
  }

  /**
   * Returns the records handed downstream.
   *
   * @return the count
   */
  public long emitted() {
    return emitted;
  }

  /**
   * Returns the records finished with output.
   *
   * @return the count
   */
  public long passedOn() {
    return passedOn;
  }

  /**
   * Returns the records finished without output.
   *
   * @return the count
   */
  public long filtered() {
    return filtered;
  }

  /**
   * Returns the records the error policy skipped.
   *
   * @return the count
   */
  public long skipped() {
    return skipped;
  }

  /**
   * Returns the records written to the dead-letter sink.
   *
   * @return the count
   */
  public long deadLettered() {
    return deadLettered;
  }

  /**
   * Returns how often the error policy called the stage again after a failure.
   *
   * @return the count
   */
  public long retried() {
    return retried;
  }

  /**
   * Returns the records of the record or batch the run failed on.
   *
   * @return the count
   */
  public long failed() {
    return failed;
  }

  /**
   * Returns the records taken from the ring but never finished because the run stopped.
   *
   * @return the count
   */
  public long stranded() {
    return stranded;
  }

  /**
   * Returns the batches delivered for a reason.
   *
   * @param reason the reason
   * @return the count
   */
  public long batches(FlushReason reason) {
    return batches[reason.ordinal()];
  }
}
