package io.sluice.api;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one run with {@linkplain Pipeline#withCheckpoints checkpoints} did about them: where it
 * resumed, what it read again, the checkpoints it completed, and what the store holds for the next
 * run. Across runs of one job, records read by all runs minus records read again adds up to the
 * records of the input: {@code sum(records read) - sum(replayed) = total}. Immutable.
 *
 * @param resumedFrom the checkpoint the run started from, or empty if it started at the
 *     beginning (no checkpoint stored)
 * @param replayed the records this run read that an earlier run had read after
 *     {@code resumedFrom}: 0 for a fresh start, empty if the earlier run was killed and could not
 *     say
 * @param taken the checkpoints this run completed, the final one at its end included
 * @param last the last checkpoint this run completed, or empty if none
 * @param readAfterLast the records this run read after its last completed checkpoint (after
 *     {@code resumedFrom} if it completed none): what the next run reads again; 0 once the run
 *     completed or drained
 * @param stored what the store holds now: {@code last} (or the checkpoint the run resumed from),
 *     with the records read after it; empty once a run completed, since the next one starts anew
 */
public record CheckpointReport(Optional<Checkpoint> resumedFrom, OptionalLong replayed,
    long taken, Optional<Checkpoint> last, long readAfterLast, Optional<Checkpoint> stored) {

  /**
   * Checks the parts.
   *
   * @param resumedFrom the checkpoint the run started from, or empty
   * @param replayed the records read again, if known
   * @param taken the checkpoints completed
   * @param last the last checkpoint completed, or empty
   * @param readAfterLast the records read after the last checkpoint
   * @param stored what the store holds now, or empty
   * @throws NullPointerException if a part is {@code null}
   * @throws IllegalArgumentException if a count is negative, naming it
   */
  public CheckpointReport {
    Checks.notNull(resumedFrom, "resumedFrom");
    Checks.notNull(replayed, "replayed");
    Checks.notNull(last, "last");
    Checks.notNull(stored, "stored");
    Checks.check(replayed.orElse(0) >= 0, "replayed records must not be negative but were %s",
        replayed);
    Checks.check(taken >= 0, "checkpoints taken must not be negative but were %s", taken);
    Checks.check(readAfterLast >= 0, "records read after the last checkpoint must not be "
        + "negative but were %s", readAfterLast);
  }

  /** Returns the report's lines, as {@link PipelineReport#toString()} shows them. */
  @Override
  public String toString() {
    return "checkpoints: " + taken + " taken"
        + last.map(c -> ", last " + c).orElse("")
        + "; resumed from " + resumedFrom.map(Checkpoint::toString).orElse("the beginning")
        + ", " + (replayed.isPresent() ? String.format("%,d", replayed.getAsLong())
            : "unknown (the previous run was killed)") + " records read again"
        + "; " + String.format("%,d", readAfterLast) + " read after the last checkpoint"
        + "; stored: " + stored.map(Checkpoint::toString).orElse("nothing (next run starts anew)");
  }
}
