package io.sluice.api;

/**
 * A {@link Source} that can say where it is and start again from there: what lets a run with
 * {@linkplain Pipeline#withCheckpoints checkpoints} resume after a failure or a kill without
 * reading again what it already finished.
 *
 * <p>A position is a string the source writes and reads back itself (a line number and byte
 * offset, a Kafka offset, a primary key); the runner only stores it, so any
 * {@link CheckpointStore} can keep it. The runner asks for it on the source's thread, between two
 * calls of {@link #poll}; it must then name the point just after the last record emitted.
 *
 * <pre>{@code
 * final class Numbers implements ResumableSource<Long> {
 *   private long next;
 *   public void openAt(StageContext context, String position) { next = Long.parseLong(position); }
 *   public boolean poll(Emitter<Long> out) { out.emit(next++); return next < 1_000; }
 *   public String position() { return Long.toString(next); }
 * }
 * }</pre>
 *
 * @param <T> the type of the records produced
 */
public interface ResumableSource<T> extends Source<T> {

  /**
   * Returns where the source is: the point just after the last record emitted by the last
   * {@link #poll}. Called on the source's thread between polls (after {@link #open} or
   * {@link #openAt}, before the first poll too); must not block.
   *
   * @return the position, never {@code null}; its meaning is the source's own
   */
  String position();

  /**
   * Prepares the source for a run that resumes from a checkpoint: the first poll emits the record
   * just after {@code position}, one that {@link #position()} returned in an earlier run. Called
   * instead of {@link #open}, once, on the source's thread.
   *
   * @param context the pipeline and stage this instance runs in
   * @param position a position this source wrote before
   * @throws IllegalArgumentException if the position is not one this source writes
   * @throws Exception if the source cannot start there; the run then fails
   */
  void openAt(StageContext context, String position) throws Exception;

  /**
   * Learns that a checkpoint completed: every record this source emitted before {@code position}
   * has reached its fate (written by the sinks, which committed, or skipped or dead-lettered) and
   * the checkpoint is saved in the store. A source whose input keeps read marks of its own (a
   * Kafka consumer group's committed offsets, a queue's acknowledgements) commits them here, so
   * that they never run ahead of what the pipeline finished.
   *
   * <p>Called on the source's thread between two polls, soon after the checkpoint completed
   * (checkpoints complete on the sinks' threads); when several completed since the last call,
   * only the newest is given, its position covering the others.
   *
   * <p><b>End of a run.</b> It is also called once when a run ends well, with or without
   * checkpoints: when the source was exhausted or a drain ({@code RunningPipeline.close()})
   * stopped it, the run completed or drained, and every other stage has ended and closed (so every
   * record the source emitted reached its fate), the runner calls it with the position the source
   * gave when its reading ended, then {@link #close}, both on the source's thread (which waits
   * for the rest of the run after its last poll). A run that is cancelled or fails makes no such
   * call: its source is closed as soon as it stops, and only completed checkpoints were ever
   * given here. The local runner and the deterministic
   * runner make it; the Flink runner, whose checkpoints are Flink's, calls this method when Flink
   * says one of them completed, and at the end of a source that ended once Flink's final
   * checkpoint completed (only with Flink's checkpointing on).
   *
   * <p>The default does nothing.
   *
   * @param position the position this source gave for the completed checkpoint, or at the end of
   *     a run, where its reading ended
   * @throws Exception if the source cannot commit; the run then fails (the checkpoint stays
   *     saved)
   */
  default void checkpointCompleted(String position) throws Exception {}

  /**
   * Reads a position that counts records (the usual position of a source whose records can be
   * read again in the same order: skip that many), for sources to share.
   *
   * @param source the source's name, for the message
   * @param position the position
   * @return the count
   * @throws IllegalArgumentException if the position is not a count of zero or more, naming it
   */
  static long recordCount(String source, String position) {
    long count;
    try {
      count = Long.parseLong(Checks.notNull(position, "position"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("source '" + source + "': position '" + position
          + "' is not a count of records", e);
    }
    Checks.check(count >= 0, "source '%s': position %s is negative", source, count);
    return count;
  }
}
