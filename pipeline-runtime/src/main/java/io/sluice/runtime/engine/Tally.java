package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counts of one {@link Step}: what reached it, what it emitted, and the fate of every record
 * it received (see {@link io.sluice.api.StageReport} for the definitions). Written only by the
 * step's thread with plain increments; read by others once the run has ended (the thread ending
 * publishes them). While the run goes on, the thread {@linkplain #publish() publishes} a copy now
 * and then (per hand-off chunk, never per record) under a sequence lock, and
 * {@link #published()} reads a consistent copy from any thread.
 */
final class Tally {
  private static final VarHandle VERSION;

  static {
    try {
      VERSION = MethodHandles.lookup().findVarHandle(Tally.class, "version", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Odd while the owner writes the copy. */
  @SuppressWarnings("unused") // accessed through VERSION
  private long version;
  private long[] copy = new long[9 + FlushReason.values().length];

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
  /** Records emitted by each connected side output, in the order they were connected. */
  long[] sideEmitted = new long[0];

  Tally() {}

  /**
   * The counts as published at one moment: a consistent set, with each record's fate counted at
   * most once and never more out than in.
   *
   * @param received records taken from the ring
   * @param emitted records handed downstream
   * @param passedOn records processed that led to output
   * @param filtered records processed that led to none
   * @param skipped records skipped by the error policy
   * @param deadLettered records dead-lettered
   * @param retried retries made
   * @param failed records of the call the run failed on
   * @param stranded records abandoned by a stop
   * @param batches batches delivered, by flush reason ordinal
   */
  public record Counts(long received, long emitted, long passedOn, long filtered, long skipped,
      long deadLettered, long retried, long failed, long stranded, long[] batches,
      long[] sideEmitted) {

    /** Starts a report row from these counts: every fate, and batches by reason. */
    StageReportBuilder report(String name, StageKind kind) {
      StageReportBuilder row = StageReport.builder(name, kind)
          .received(received).emitted(emitted).passedOn(passedOn).filtered(filtered)
          .skipped(skipped).deadLettered(deadLettered).retried(retried).failed(failed)
          .stranded(stranded);
      for (FlushReason reason : FlushReason.values()) {
        row.batches(reason, batches[reason.ordinal()]);
      }
      return row;
    }
  }

  /** Makes room for one more side output's count; while the run is wired, before it starts. */
  void addSideOutput() {
    sideEmitted = java.util.Arrays.copyOf(sideEmitted, sideEmitted.length + 1);
    copy = new long[9 + batches.length + sideEmitted.length];
  }

  /** Publishes a copy of the counts for {@link #published()}; called by the owner thread only. */
  public void publish() {
    long v = (long) VERSION.getOpaque(this);
    VERSION.setOpaque(this, v + 1);
    VarHandle.storeStoreFence(); // the odd version is visible before any of the copy changes
    long[] c = copy;
    c[0] = received;
    c[1] = emitted;
    c[2] = passedOn;
    c[3] = filtered;
    c[4] = skipped;
    c[5] = deadLettered;
    c[6] = retried;
    c[7] = failed;
    c[8] = stranded;
    System.arraycopy(batches, 0, c, 9, batches.length);
    System.arraycopy(sideEmitted, 0, c, 9 + batches.length, sideEmitted.length);
    VERSION.setRelease(this, v + 2);
  }

  /**
   * Reads the last published counts, from any thread.
   *
   * @return a consistent copy
   */
  public Counts published() {
    long[] c = new long[copy.length];
    while (true) {
      long before = (long) VERSION.getAcquire(this);
      if ((before & 1) == 0) {
        System.arraycopy(copy, 0, c, 0, c.length);
        VarHandle.loadLoadFence(); // the copy is read before the version is checked again
        if ((long) VERSION.getOpaque(this) == before) {
          break;
        }
      }
      Thread.onSpinWait();
    }
    int sides = 9 + batches.length;
    return new Counts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
        java.util.Arrays.copyOfRange(c, 9, sides), java.util.Arrays.copyOfRange(c, sides, c.length));
  }

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

  /**
   * Starts a stage's report from these counts: every fate, and batches by reason.
   *
   * @param name the stage
   * @param kind its kind
   * @param leftBehind records headed for the stage that a stopped run left in its ring or in the
   *     upstream's unpublished outbox; counted as received and stranded
   * @return a builder holding the counts
   */
  StageReportBuilder report(String name, StageKind kind, long leftBehind) {
    StageReportBuilder report = StageReport.builder(name, kind)
        .received(received + leftBehind)
        .emitted(emitted)
        .passedOn(passedOn)
        .filtered(filtered)
        .skipped(skipped)
        .deadLettered(deadLettered)
        .retried(retried)
        .failed(failed)
        .stranded(stranded + leftBehind);
    for (FlushReason reason : FlushReason.values()) {
      report.batches(reason, batches[reason.ordinal()]);
    }
    return report;
  }
}
