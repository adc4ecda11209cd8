package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageFailedException;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The thread of one worker of a parallel node on the local runner: takes the records the node's
 * {@link ParallelWorker} queued for it, runs them through its {@link Lane}'s step (batching under
 * the stage's dispatch, flushing on time, on arrival under smart batching, at a checkpoint
 * barrier, at the end with the end's reason), and posts each result for the node to release. Opens and closes its step on this
 * thread. On a stop, what is left in its queue is counted received and stranded by its step.
 */
final class LaneWorker implements Runnable {
  /** A record and its sequence number, or the end of the input, or a checkpoint barrier. */
  record Item(long seq, Object record, FlushReason end, Barrier barrier) {
    static Item of(long seq, Object record) {
      return new Item(seq, record, null, null);
    }

    static Item end(FlushReason reason) {
      return new Item(-1, null, reason, null);
    }

    static Item barrier(Barrier barrier) {
      return new Item(-1, null, null, barrier);
    }

    boolean isRecord() {
      return end == null && barrier == null;
    }
  }

  private static final long MAX_WAIT_NANOS = Idler.BELL_PARK_NANOS;

  private final Lane lane;
  private final ArrayBlockingQueue<Item> queue;
  private final Queue<LaneResult> results;
  private final Doorbell nodeBell;
  private final RunControl control;
  private final PipelineClock clock;
  private final StrayInterrupt strayInterrupt;
  private final boolean timing;
  private long busyNanos;
  private long idleNanos;
  private volatile boolean ended;
  /** Set before the thread takes what is left in its queue: the node then takes what it adds. */
  private volatile boolean closing;

  LaneWorker(Lane lane, int queueCapacity, Queue<LaneResult> results, Doorbell nodeBell,
      RunControl control, PipelineClock clock) {
    this.lane = lane;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.results = results;
    this.nodeBell = nodeBell;
    this.control = control;
    this.clock = clock;
    this.timing = lane.step().meters().timing();
    this.strayInterrupt = new StrayInterrupt(control,
        "worker " + (lane.index() + 1) + " of stage '" + lane.step().name() + "'");
  }

  /** Records queued and not yet taken: the node's measure of this worker's load. */
  int queued() {
    return queue.size();
  }

  /** Queues an item if there is room; never blocks. */
  boolean offer(Item item) {
    return queue.offer(item);
  }

  /**
   * Takes back, once this worker is closing, what is still queued: records the node queued after
   * (or while) the worker took what was left. Each record is taken by one thread only, so it is
   * counted once, by whoever took it.
   *
   * @return the records taken, none unless the worker is closing
   */
  long takeBackIfClosing() {
    return closing ? takeLeft() : 0;
  }

  private long takeLeft() {
    long left = 0;
    for (Item item = queue.poll(); item != null; item = queue.poll()) {
      left += item.isRecord() ? 1 : 0;
    }
    return left;
  }

  /** Tells whether this worker's thread has finished with its records. */
  boolean ended() {
    return ended;
  }

  @Override
  public void run() {
    Step step = lane.step();
    try {
      step.open();
      loop();
    } catch (Stopped | StageFailedException expected) {
      // the run is stopping; a failure is already recorded
    } catch (Throwable unexpected) {
      control.failAndStop(step.name(), unexpected);
    } finally {
      closing = true; // from here on, what the node queues it takes back itself
      long left = takeLeft();
      step.tally().received += left; // taken by the node, never by the stage: stranded here
      step.tally().stranded += left;
      step.abandonPending();
      step.tally().publish();
      step.close();
      ended = true;
      nodeBell.ring();
    }
  }

  private void loop() throws InterruptedException {
    Step step = lane.step();
    long mark = timing ? System.nanoTime() : 0L;
    while (!control.isStopped()) {
      long deadline = step.deadline();
      long wait = deadline == Long.MAX_VALUE ? MAX_WAIT_NANOS
          : Math.min(MAX_WAIT_NANOS, deadline - clock.nanoTime());
      Item item = queue.poll();
      if (item == null && wait > 0) {
        strayInterrupt.run();
        try {
          item = queue.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException stop) {
          continue; // a cancel interrupts: the loop sees the stop
        }
      }
      long start = timing ? System.nanoTime() : 0L;
      if (timing) {
        idleNanos += start - mark;
      }
      if (item == null) {
        if (lane.flushIfDue(clock.nanoTime())) {
          post();
        }
      } else if (item.end() != null) {
        lane.flush(item.end());
        post();
        return;
      } else if (item.barrier() != null) {
        post(lane.passBarrier(item.barrier())); // every record before it settled, and said so
      } else {
        lane.feed(item.seq(), item.record());
        if (queue.isEmpty()) {
          lane.flushArrived(); // smart batching: nothing more has arrived
        }
        post();
      }
      if (timing) {
        mark = System.nanoTime();
        busyNanos += mark - start;
        step.meters().time(busyNanos, idleNanos, 0L);
      }
    }
  }

  private void post() {
    LaneResult result = lane.collect();
    if (result != null) {
      post(result);
    }
  }

  private void post(LaneResult result) {
    lane.step().tally().publish();
    results.add(result);
    nodeBell.ring();
  }
}
