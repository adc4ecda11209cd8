package io.sluice.flow;

/**
 * What a {@link PublisherSink} does to its run when the subscriber cancels its subscription (or
 * breaks the protocol by requesting zero or fewer records, rule 3.9, which ends the subscription
 * the same way). Either way the subscriber receives nothing more.
 */
public enum WhenSubscriberCancels {
  /**
   * Cancels the run ({@link io.sluice.api.RunningPipeline#cancel()}): it stops at once, records
   * still in its rings are abandoned and counted as stranded, and its outcome is
   * {@link io.sluice.api.PipelineReport.Outcome#CANCELLED}. The default: nobody wants the output.
   */
  CANCEL_RUN,

  /**
   * Closes the run ({@link io.sluice.api.RunningPipeline#close()}, on a thread of its own): the
   * input stops, what it had accepted still flows through every stage, and the sink discards it;
   * the outcome is {@link io.sluice.api.PipelineReport.Outcome#DRAINED}. For pipelines whose
   * other effects (writes by earlier stages, dead letters) should still happen for accepted
   * records.
   */
  DRAIN_RUN,

  /**
   * Leaves the run alone: it goes on to the end of its input and the sink discards every record
   * that reaches it from then on.
   */
  DISCARD_RECORDS
}
