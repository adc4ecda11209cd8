package io.sluice.api;

import java.util.Optional;

/**
 * A record a stage could not process, handed to the dead-letter sink of its
 * {@link ErrorPolicy#deadLetter(Sink) dead-letter policy}: which pipeline and stage, the record,
 * what the stage threw the last time, how often it was tried, and for a batched stage which batch
 * carried it. Immutable.
 */
public final class DeadLetter {
  private static final int MAX_RECORD_TEXT = 200;

  private final String pipelineName;
  private final String stageName;
  private final Object record;
  private final Throwable exception;
  private final int attempts;
  private final FlushReason flushReason;
  private final int batchSize;

  /**
   * Creates a dead letter.
   *
   * @param pipelineName the pipeline
   * @param stageName the stage that failed on the record
   * @param record the record
   * @param exception what the stage threw on its last attempt
   * @param attempts how many calls that included the record failed; at least 1
   * @param flushReason why the batch carrying the record was flushed, or {@code null} under
   *     {@link Dispatch#perRecord()}
   * @param batchSize how many records that batch held, or 0 under {@link Dispatch#perRecord()}
   * @throws NullPointerException if an argument other than {@code flushReason} is {@code null}
   * @throws IllegalArgumentException if {@code attempts} is below 1, or {@code batchSize} is
   *     negative, or is 0 with a flush reason or positive without one
   */
  public DeadLetter(String pipelineName, String stageName, Object record, Throwable exception,
      int attempts, FlushReason flushReason, int batchSize) {
    this.pipelineName = Checks.notNull(pipelineName, "pipelineName");
    this.stageName = Checks.notNull(stageName, "stageName");
    this.record = Checks.notNull(record, "record");
    this.exception = Checks.notNull(exception, "exception");
    Checks.check(attempts >= 1, "stage '%s': a dead letter needs at least 1 attempt but had %d",
        stageName, attempts);
    Checks.check(batchSize >= 0 && (batchSize == 0) == (flushReason == null),
        "stage '%s': a dead letter has a flush reason exactly when it came in a batch, but had "
            + "reason %s and batch size %d", stageName, flushReason, batchSize);
    this.attempts = attempts;
    this.flushReason = flushReason;
    this.batchSize = batchSize;
  }

  /**
   * Returns the name of the pipeline.
   *
   * @return the pipeline name
   */
  public String pipelineName() {
    return pipelineName;
  }

  /**
   * Returns the name of the stage that failed on the record.
   *
   * @return the stage name
   */
  public String stageName() {
    return stageName;
  }

  /**
   * Returns the record the stage failed on.
   *
   * @return the record
   */
  public Object record() {
    return record;
  }

  /**
   * Returns what the stage threw on its last attempt.
   *
   * @return the exception
   */
  public Throwable exception() {
    return exception;
  }

  /**
   * Returns how many calls that included the record failed: the attempts of a per-record stage,
   * or, for a batch, its attempts plus the failed calls on ever smaller parts of it that isolated
   * the record.
   *
   * @return the number of failed attempts, at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns why the batch that carried the record was flushed.
   *
   * @return the flush reason, or empty under {@link Dispatch#perRecord()}
   */
  public Optional<FlushReason> flushReason() {
    return Optional.ofNullable(flushReason);
  }

  /**
   * Returns how many records the batch that carried the record held, as flushed.
   *
   * @return the batch size, or 0 under {@link Dispatch#perRecord()}
   */
  public int batchSize() {
    return batchSize;
  }

  @Override
  public String toString() {
    String text = String.valueOf(record);
    if (text.length() > MAX_RECORD_TEXT) {
      text = text.substring(0, MAX_RECORD_TEXT) + "...";
    }
    return "DeadLetter[" + pipelineName + "/" + stageName + ": " + text + " after " + attempts
        + (attempts == 1 ? " attempt" : " attempts")
        + (flushReason == null ? "" : " in a " + flushReason + " batch of " + batchSize) + ": "
        + exception + "]";
  }
}
