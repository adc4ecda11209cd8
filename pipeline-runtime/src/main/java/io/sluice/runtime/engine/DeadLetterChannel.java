package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.DeadLetter;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;

/**
 * One dead-letter sink as the stages of a run share it: opened before its first dead letter,
 * written one call at a time whichever stage thread fails (a lock here costs nothing until a record
 * fails), and closed when the last stage using it closes. Dead letters are rare, so a sink need not
 * be thread-safe to serve several stages.
 */
final class DeadLetterChannel {
  private final Sink<? super DeadLetter> sink;
  private final StageContext context;
  private int users;
  private boolean opened;
  private Exception openFailure;

  /**
   * Creates the channel of one sink for one run.
   *
   * @param sink the dead-letter sink
   * @param context what the sink's {@code open} is given
   */
  public DeadLetterChannel(Sink<? super DeadLetter> sink, StageContext context) {
    this.sink = Preconditions.checkNotNull(sink, "dead-letter sink");
    this.context = Preconditions.checkNotNull(context, "context");
  }

  /** Counts one more step using the channel; the last to {@link #release()} closes the sink. */
  synchronized void attach() {
    users++;
  }

  /**
   * Writes a dead letter, opening the sink first if this is the run's first.
   *
   * @param letter the dead letter
   * @throws Exception what the sink's {@code open} or {@code write} threw
   */
  synchronized void write(DeadLetter letter) throws Exception {
    if (!opened) {
      opened = true;
      try {
        sink.open(context);
      } catch (Exception e) {
        openFailure = e;
        throw e;
      }
    }
    if (openFailure != null) {
      throw new IllegalStateException("the dead-letter sink " + sink + " could not be opened",
          openFailure);
    }
    @SuppressWarnings("unchecked")
    Sink<DeadLetter> target = (Sink<DeadLetter>) sink;
    target.write(letter);
  }

  /**
   * Commits the sink for a checkpoint ({@code Sink.onCheckpoint}), between two writes; a sink not
   * opened yet has nothing to commit and is not called.
   *
   * @param checkpointId the checkpoint
   * @throws Exception what the sink's {@code onCheckpoint} threw
   */
  synchronized void commit(long checkpointId) throws Exception {
    if (opened && openFailure == null) {
      sink.onCheckpoint(checkpointId);
    }
  }

  /**
   * Tells the channel a step using it has closed; the last one closes the sink if it was opened.
   *
   * @throws Exception what the sink's {@code close} threw
   */
  synchronized void release() throws Exception {
    Preconditions.checkState(users > 0, "dead-letter sink %s released more often than attached",
        sink);
    if (--users == 0 && opened) {
      sink.close();
    }
  }

  /**
   * Returns the sink.
   *
   * @return the sink
   */
  public Sink<? super DeadLetter> sink() {
    return sink;
  }
}
