package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import java.util.List;
import java.util.Queue;

/**
 * The node thread of a parallel stage on the local runner: sends each record to a worker's queue
 * ({@link ParallelNode#route}) and releases the workers' results downstream, in input order when
 * ordered. A full worker queue or a full reorder buffer holds it (and so the ring, and the stages
 * before it) while it goes on releasing. At the end of the input it sends the end to every worker
 * and waits until all have finished and everything is released. A checkpoint barrier goes into
 * every worker's queue behind the records before it ({@link LaneBarriers}). It owns the node's summary step;
 * each worker owns its own step ({@link LaneWorker}).
 */
final class ParallelWorker extends ConcurrentWorker {
  private static final int ROLL_UP_EVERY = 64;

  private final ParallelNode node;
  private final List<LaneWorker> lanes;
  private final Queue<LaneResult> results;
  private final PipelineClock clock;
  private boolean endSent;
  private int sinceRollUp;

  ParallelWorker(ParallelNode node, List<LaneWorker> lanes, Queue<LaneResult> results, Ring ring,
      int inputs, Outboxes outbox, RunControl control, PipelineClock clock) {
    super(node.summary(), ring, inputs, outbox, control);
    this.node = node;
    this.lanes = List.copyOf(lanes);
    this.results = results;
    this.clock = clock;
    outbox.beforePublish(node::publishSummary); // counts before records leave
    node.sendBarriersBy(barrier -> this.lanes.forEach(lane -> queue(lane,
        LaneWorker.Item.barrier(barrier))));
  }

  @Override
  boolean releaseResults() {
    boolean any = false;
    for (LaneResult result = results.poll(); result != null; result = results.poll()) {
      node.release(result);
      any = true;
      if (++sinceRollUp >= ROLL_UP_EVERY) {
        publish();
      }
    }
    return any;
  }

  @Override
  boolean hasResults() {
    return !results.isEmpty();
  }

  @Override
  boolean ended(FlushReason reason) {
    if (!endSent) {
      for (LaneWorker lane : lanes) {
        queue(lane, LaneWorker.Item.end(reason));
      }
      endSent = true;
    }
    if (!lanes.stream().allMatch(LaneWorker::ended) || !results.isEmpty()) {
      return false;
    }
    node.releaseAll(); // every worker passed every barrier before its end: nothing is left inside
    return true;
  }

  @Override
  long fireDue() {
    return Long.MAX_VALUE; // each worker keeps its own batch deadlines
  }

  @Override
  long clockNow() {
    return clock.nanoTime();
  }

  @Override
  void publish() {
    sinceRollUp = 0;
    node.rollUp();
    long busy = 0;
    long idle = 0;
    for (Lane lane : node.lanes()) {
      busy += lane.step().meters().busyNanos();
      idle += lane.step().meters().idleNanos();
    }
    node.summary().meters().time(busy, idle, outbox.blockedNanos());
    node.summary().tally().publish();
  }

  @Override
  void finish() {
    node.summary().close(); // lets go of the dead-letter channel it holds for the node
  }

  @Override
  void take(Object record) {
    int lane = node.route(record, i -> lanes.get(i).queued());
    if (lane < 0) {
      return; // failed here: its key function threw
    }
    try {
      while (!node.hasRoom()) {
        if (!releaseResults()) {
          waitForResults(() -> { });
        }
      }
    } catch (Stopped stopped) {
      node.strandedHere(); // a stop while waiting, or while releasing into a full ring
      throw stopped;
    }
    queue(lanes.get(lane), LaneWorker.Item.of(node.assign(), record));
  }

  private void queue(LaneWorker lane, LaneWorker.Item item) {
    try {
      while (!lane.offer(item)) {
        if (!releaseResults()) {
          waitForResults(() -> { });
        }
      }
    } catch (Stopped stopped) {
      if (item.isRecord()) {
        node.strandedHere();
      }
      throw stopped;
    }
    // a worker stopping as the record went in may have emptied its queue already: what it did
    // not take is stranded here, or it would be counted received by the node and nowhere else
    for (long left = lane.takeBackIfClosing(); left > 0; left--) {
      node.strandedHere();
    }
  }
}
