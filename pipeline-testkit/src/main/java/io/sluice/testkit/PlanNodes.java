package io.sluice.testkit;

import io.sluice.runtime.engine.AsyncNode;
import io.sluice.runtime.engine.ConcurrentNode;
import io.sluice.runtime.engine.RunPlan;
import io.sluice.runtime.engine.Step;
import java.util.List;
import java.util.function.Consumer;

/**
 * The nodes of a run plan as a deterministic run calls them, all on its one thread: the steps in
 * graph order, then the parallel and async nodes, whose workers and calls run inline too. Each
 * method does one thing to all of them, in the order the local runner's threads would.
 */
final class PlanNodes {
  private final RunPlan plan;
  private final List<ConcurrentNode> concurrent;

  /**
   * Takes the plan's nodes; an async node reports each completed call to {@code callCompleted},
   * and does not wait to retry a call, since this one thread cannot wait for a call it must answer.
   */
  PlanNodes(RunPlan plan, Runnable callCompleted) {
    this.plan = plan;
    this.concurrent = plan.concurrentNodes();
    for (ConcurrentNode node : concurrent) {
      if (node instanceof AsyncNode async) {
        async.waitForRetries(false);
        async.onCompletion(callCompleted);
      }
    }
  }

  /** Opens every node; a step that cannot open records the failure and strands what reaches it. */
  void open() {
    each(Step::open, ConcurrentNode::open);
  }

  /**
   * Smart batching: after a poll or a push, what arrived is all there is for now. Flushed in graph
   * order, so what one smart step passes on reaches the smart steps after it before they flush, as
   * on the local runner's threads.
   */
  void flushArrived() {
    each(Step::flushArrived, ConcurrentNode::flushArrived);
  }

  /** The earliest deadline of any node, in clock nanoseconds, or {@code Long.MAX_VALUE}. */
  long deadline() {
    long earliest = Long.MAX_VALUE;
    for (Step step : plan.steps()) {
      earliest = Math.min(earliest, step.deadline());
    }
    for (ConcurrentNode node : concurrent) {
      earliest = Math.min(earliest, node.deadline());
    }
    return earliest;
  }

  /** Fires what is due at {@code now}: batch deadlines, and the timeouts of async calls. */
  void fireDue(long now) {
    each(step -> step.flushIfDue(now), node -> node.fireDue(now));
  }

  /** Releases downstream what async calls completed since the last call (on any thread). */
  void releaseCompleted() {
    concurrent.forEach(ConcurrentNode::releaseCompleted);
  }

  /** Drops pending batches: empty unless the run stopped with a batch waiting. */
  void abandonPending() {
    each(Step::abandonPending, ConcurrentNode::abandonPending);
  }

  /**
   * Closes every node, the concurrent ones first; a step records an exception of its stage's
   * close itself.
   */
  void close() {
    concurrent.forEach(ConcurrentNode::close);
    for (Step step : plan.steps()) {
      step.close();
    }
  }

  private void each(Consumer<Step> onStep, Consumer<ConcurrentNode> onNode) {
    plan.steps().forEach(onStep);
    concurrent.forEach(onNode);
  }
}
