package io.sluice.api;

import java.util.List;
import java.util.Optional;

/**
 * A stage failed and the run stopped: names the pipeline, the stage, the record or batch it was
 * processing (if any) and, as its cause, what the stage threw.
 */
public final class StageFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_RECORD_TEXT = 200;

  /** The pipeline whose run failed (serialized; the record and batch are not). */
  private final String pipelineName;
  /** The stage that threw. */
  private final String stageName;
  private final transient Object record;
  private final transient List<?> batch;

  /**
   * Creates the exception.
   *
   * @param pipelineName the pipeline
   * @param stageName the stage that failed
   * @param record the record being processed, or {@code null} (failed in open, close, or on a
   *     whole batch)
   * @param batch the batch being processed (copied), or {@code null}
   * @param cause what the stage threw
   */
  public StageFailedException(String pipelineName, String stageName, Object record, List<?> batch,
      Throwable cause) {
    this(pipelineName, stageName, record, batch, cause, null);
  }

  /**
   * Creates the exception with a detail that says more about why the failure ended the run.
   *
   * @param pipelineName the pipeline
   * @param stageName the stage that failed
   * @param record the record being processed, or {@code null} (failed in open, close, or on a
   *     whole batch)
   * @param batch the batch being processed (copied), or {@code null}; with a record, the batch
   *     that carried it
   * @param cause what the stage threw
   * @param detail e.g. {@code "after 3 attempts"} or {@code "skip limit 10 reached"}; may be
   *     {@code null}
   */
  public StageFailedException(String pipelineName, String stageName, Object record, List<?> batch,
      Throwable cause, String detail) {
    this(pipelineName, true, stageName, record, batch, cause, detail);
  }

  /**
   * Creates the exception of a pipeline that may have no name of its own
   * ({@link Pipeline#isNamed()}): the message then names only the stage.
   *
   * @param pipelineName the pipeline's name (for an unnamed one, its first input's)
   * @param pipelineNamed whether the pipeline's name was chosen, so the message shows it
   * @param stageName the stage that failed
   * @param record the record being processed, or {@code null}
   * @param batch the batch being processed (copied), or {@code null}
   * @param cause what the stage threw
   * @param detail why the failure ended the run, or {@code null}
   */
  public StageFailedException(String pipelineName, boolean pipelineNamed, String stageName,
      Object record, List<?> batch, Throwable cause, String detail) {
    super(message(pipelineNamed ? pipelineName : null, stageName, record, batch, cause, detail),
        cause);
    this.pipelineName = pipelineName;
    this.stageName = stageName;
    this.record = record;
    this.batch = batch == null ? null : List.copyOf(batch);
  }

  private static String message(String pipeline, String stage, Object record, List<?> batch,
      Throwable cause, String detail) {
    String where;
    if (record != null) {
      where = " on record " + abbreviate(record)
          + (batch == null ? "" : " in a batch of " + batch.size() + " records");
    } else if (batch != null) {
      where = " on a batch of " + batch.size() + " records"
          + (batch.isEmpty() ? "" : " (first " + abbreviate(batch.get(0)) + ")");
    } else {
      where = "";
    }
    return (pipeline == null ? "" : "pipeline '" + pipeline + "', ") + "stage '" + stage
        + "' failed" + where
        + (detail == null ? "" : " (" + detail + ")") + ": " + cause;
  }

  private static String abbreviate(Object record) {
    String text;
    try {
      text = String.valueOf(record);
    } catch (RuntimeException | Error broken) {
      // the record's own bug must not replace the stage's failure being reported
      return "<a " + record.getClass().getName() + " whose toString() threw " + broken + ">";
    }
    return text.length() <= MAX_RECORD_TEXT ? text : text.substring(0, MAX_RECORD_TEXT) + "...";
  }

  /**
   * Returns the name of the pipeline whose stage failed.
   *
   * @return the pipeline name
   */
  public String pipelineName() {
    return pipelineName;
  }

  /**
   * Returns the name of the stage that failed.
   *
   * @return the stage name
   */
  public String stageName() {
    return stageName;
  }

  /**
   * Returns the record the stage failed on, when it was processing a single record.
   *
   * @return the record, or empty
   */
  public Optional<Object> record() {
    return Optional.ofNullable(record);
  }

  /**
   * Returns the batch the stage failed on, or the batch that carried the record it failed on.
   *
   * @return an immutable copy of the batch, or empty
   */
  public Optional<List<?>> batch() {
    return Optional.ofNullable(batch);
  }
}
