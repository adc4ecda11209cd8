package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;

/**
 * The thread of an async node on the local runner: feeds each record to the node's launcher,
 * holds the input while a call waits for a free slot (so at most {@code maxInFlight} calls are in
 * flight and the ring, then the stages before, wait), releases completions as they are rung in,
 * times out late calls on the pipeline clock, and at the end waits for every call.
 */
final class AsyncWorker extends ConcurrentWorker {
  private final AsyncNode node;
  private final PipelineClock clock;
  private boolean endSent;

  AsyncWorker(AsyncNode node, Ring ring, int inputs, Outboxes outbox, RunControl control,
      PipelineClock clock) {
    super(node.summary(), ring, inputs, outbox, control);
    this.node = node;
    this.clock = clock;
    Doorbell bell = ring.consumerBell();
    node.onCompletion(bell::ring);
    outbox.beforePublish(node::publishSummary); // counts before records leave
  }

  @Override
  void take(Object record) {
    node.feed(record);
    while (node.full()) {
      if (!node.release()) {
        waitForResults(() -> { }); // the waiting call's records are stranded by abandonPending
      }
    }
  }

  @Override
  boolean releaseResults() {
    return node.release();
  }

  @Override
  boolean hasResults() {
    return node.hasCompletions();
  }

  @Override
  boolean ended(FlushReason reason) {
    if (!endSent) {
      endSent = true;
      node.end(reason);
    }
    return node.isIdle();
  }

  @Override
  long fireDue() {
    return node.timeOut(clock.nanoTime());
  }

  @Override
  long clockNow() {
    return clock.nanoTime();
  }

  @Override
  void publish() {
    node.publishSteps();
    node.rollUp();
    node.summary().tally().publish();
  }

  @Override
  void finish() {
    if (control.isStopped()) {
      node.abandonPending();
    }
    node.close();
  }

  /** Opens the node's stage on this thread before the loop. */
  @Override
  void beforeLoop() {
    node.open();
  }
}
