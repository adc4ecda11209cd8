package app;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;

/** The user's pipeline: read lines, parse them (dead-lettering bad ones), save in batches. */
public final class OrderJob {
  private OrderJob() {}

  /**
   * Builds the job.
   *
   * @param lines where the lines come from
   * @param save where orders go, two at a time
   * @param rejected where unreadable lines go
   * @return the blueprint
   */
  public static Pipeline<String> pipeline(Source<String> lines, Sink<Order> save,
      Sink<DeadLetter> rejected) {
    return Pipeline.named("orders")
        .from("read", lines)
        .stage("parse", new ParseOrder())
        .withErrorPolicy(ErrorPolicy.deadLetter("rejected lines", rejected))
        .to("save", save, Dispatch.batched(2));
  }
}
