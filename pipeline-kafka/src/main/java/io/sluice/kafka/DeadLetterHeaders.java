package io.sluice.kafka;

/**
 * The names of the headers a {@link KafkaDeadLetterSink} adds to each record it writes to a
 * dead-letter topic, after the original record's own headers. Every value is UTF-8 text (numbers
 * in decimal), so the topic can be read with any console consumer; Spring Kafka's
 * {@code kafka_dlt-*} and Kafka Connect's {@code __connect.errors.*} headers carry the same facts.
 *
 * <p>The {@code original.*} headers are present only when the failed record was a
 * {@link KafkaRecord} (the stage failed on a record as the {@link KafkaSource} read it);
 * {@link #RECORD_CLASS} only when it was not. {@link #CAUSE_CLASS} and {@link #CAUSE_MESSAGE}
 * are present only when the exception had a cause, and name the innermost one.
 */
public final class DeadLetterHeaders {
  /** The pipeline whose stage failed on the record. */
  public static final String PIPELINE = "sluice.dlt.pipeline";
  /** The stage that failed on the record. */
  public static final String STAGE = "sluice.dlt.stage";
  /** How many calls that included the record failed, at least 1. */
  public static final String ATTEMPTS = "sluice.dlt.attempts";
  /** The class of what the stage threw on its last attempt. */
  public static final String EXCEPTION_CLASS = "sluice.dlt.exception.class";
  /** Its message; the header's value is {@code null} if it had none. */
  public static final String EXCEPTION_MESSAGE = "sluice.dlt.exception.message";
  /** Its stack trace, cut to {@value #MAX_STACK_TRACE} characters. */
  public static final String EXCEPTION_STACK_TRACE = "sluice.dlt.exception.stacktrace";
  /** The class of the innermost cause of the exception, if it had a cause. */
  public static final String CAUSE_CLASS = "sluice.dlt.cause.class";
  /** The message of that cause; {@code null} if it had none. */
  public static final String CAUSE_MESSAGE = "sluice.dlt.cause.message";
  /** The topic the failed record was read from. */
  public static final String ORIGINAL_TOPIC = "sluice.dlt.original.topic";
  /** Its partition. */
  public static final String ORIGINAL_PARTITION = "sluice.dlt.original.partition";
  /** Its offset in that partition. */
  public static final String ORIGINAL_OFFSET = "sluice.dlt.original.offset";
  /** Its timestamp, epoch milliseconds (-1 if it had none). */
  public static final String ORIGINAL_TIMESTAMP = "sluice.dlt.original.timestamp";
  /** The Java class of a failed record that was not a {@link KafkaRecord}. */
  public static final String RECORD_CLASS = "sluice.dlt.record.class";

  /** The longest stack trace written, in characters: a header travels in every fetch. */
  public static final int MAX_STACK_TRACE = 8_192;

  private DeadLetterHeaders() {}
}
