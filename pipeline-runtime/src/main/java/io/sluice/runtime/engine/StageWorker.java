package io.sluice.runtime.engine;

import com.lmax.disruptor.EventPoller;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageFailedException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The loop of one stage thread: takes chunks from its input ring, runs their records through its
 * steps (one, or several fused on this thread), flushes batches whose time has come, and ends when
 * the end-of-stream signal arrives or the run stops. Opens its steps first and always closes them,
 * on this thread.
 *
 * <p>Hand-off latency: what the steps emit is published as soon as the consumer has caught up
 * (eager outboxes, and after each batch call); what an eager outbox held back goes out between two
 * records of a per-record head if the consumer has (nearly) caught up ({@link
 * Outbox#handOffBeforeNextCall}), so it does not wait through the head's next call; once the head
 * proves slow (a chunk took {@link #SLOW_RECORD_NANOS} or more per record), it goes after every
 * record: a record never waits for the rest of its input chunk. A full batch that arrives in one
 * chunk is handed to a batched head
 * in place ({@link Step#acceptWhole}). After each take from the ring, smart-batching steps flush
 * what arrived. Waiting for input parks on the ring's doorbell, so a publish wakes the thread at
 * once; taking chunks rings the producers' bell.
 */
final class StageWorker implements Runnable, EventPoller.Handler<Chunk> {
  /** An array, not a list: looped over per publish, it must not need an iterator. */
  private final Step[] steps;
  private final Step head;
  /** Mean time per record from which a head counts as slow: its output then leaves per record. */
  static final long SLOW_RECORD_NANOS = 20_000L;

  private final EventPoller<Chunk> poller;
  private final Ring ring;
  private final BooleanSupplier mayHaveWork;
  private final Outboxes outbox;
  private final Step[] smart;
  private final int whole;
  /** Empty polls in a row after which the worker counts as waiting for work. */
  static final int IDLE_POLLS = 16;

  private boolean slow;
  private int chunksSeen;
  private int idlePolls;
  private Runnable whenIdle = () -> { };
  private final int inputs;
  private int inputsEnded;
  private FlushReason inputEnd;
  private final RunControl control;
  private final PipelineClock clock;
  private final Idler idler = new Idler();
  private final Runnable afterTimeFlush = this::publishTimeFlush;
  private FlushReason endReason;
  private final boolean timing;
  private final boolean timeHead;
  private long busyNanos;
  private long idleNanos;
  private long mark;
  /** The thread running this worker, once it started: woken by {@link #wake()}. */
  private volatile Thread thread;
  /** Records taken from a chunk whose processing threw; the poller will offer it again. */
  private int takenFromUnfinishedChunk;

  /**
   * Creates the worker.
   *
   * @param steps the steps run on this thread, each after the steps feeding it, already connected;
   *     the first reads the ring, the others are fused behind it
   * @param input the ring the first step reads
   * @param inputs how many edges feed the ring: the worker ends once each has signalled its end
   * @param outbox the outboxes of the edges leaving this thread
   * @param control the run's control
   * @param clock the run's clock
   */
  public StageWorker(List<Step> steps, Ring input, int inputs, Outboxes outbox,
      RunControl control, PipelineClock clock) {
    this.steps = steps.toArray(new Step[0]);
    this.head = steps.get(0);
    this.poller = input.poller();
    this.ring = input;
    this.mayHaveWork = input::mayHaveWork;
    this.smart = steps.stream().filter(Step::isSmart).toArray(Step[]::new);
    this.whole = head.wholeBatchSize();
    if (!outbox.isEmpty()) {
      for (Step step : this.steps) {
        step.afterBatch(outbox::flushIfConsumerWaiting); // a batch's output leaves as a unit
      }
      if (head.perRecord()) {
        head.path().handOffBetweenRecords(outbox); // nothing held back waits through a call
      }
    }
    this.inputs = inputs;
    this.outbox = outbox;
    this.control = control;
    this.clock = clock;
    this.timing = head.meters().timing();
    this.timeHead = timing && head.perRecord();
    // counts are published before records leave, so a snapshot never shows a stage receiving
    // more than the stage before it emitted
    outbox.beforePublish(this::publishCounts);
  }

  /**
   * Sets what this worker does each time it finds nothing to do: the consumer of a live input's
   * ring ends the input there after a failure ({@link LiveChannel#endIfFailed}).
   *
   * @param hook a quick, non-blocking action
   */
  public void whenIdle(Runnable hook) {
    this.whenIdle = hook;
  }

  /** Returns what this worker does each time it finds nothing to do. */
  Runnable whenIdle() {
    return whenIdle;
  }

  private void publishTimes() {
    long blocked = outbox.blockedNanos(); // spent inside busy time, waiting for a full ring
    for (Step step : steps) {
      step.meters().time(Math.max(0, busyNanos - blocked), idleNanos, blocked);
    }
  }

  /** Publishes the counts and times of every step, for snapshots taken by other threads. */
  private void publishCounts() {
    for (Step step : steps) {
      step.tally().publish();
    }
    if (timing) {
      publishTimes();
    }
  }

  /**
   * Returns the steps of this worker.
   *
   * @return the steps
   */
  public List<Step> steps() {
    return List.of(steps);
  }

  /** Unparks the worker's thread, so it sees a stop, failure or drain at once. */
  void wake() {
    Thread running = thread;
    if (running != null) {
      LockSupport.unpark(running);
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    mark = timing ? System.nanoTime() : 0L;
    try {
      for (Step step : steps) {
        step.open();
      }
      loop();
    } catch (Stopped | StageFailedException expected) {
      // the run is stopping; the failure, if any, is already recorded
    } catch (Throwable unexpected) {
      control.failAndStop(head.name(), unexpected);
    } finally {
      publishCounts();
      for (Step step : steps) {
        step.abandonPending(); // empty unless the run stopped with a batch waiting
      }
      for (Step step : steps) {
        step.close(); // only opened stages are closed; every step lets go of its dead letters
      }
    }
  }

  /**
   * Counts the records left in this worker's input ring, for a run that stopped: call only after
   * every thread of the run has ended (so no one writes the ring any more). Records already taken
   * from a chunk whose processing threw are not counted again.
   *
   * @return the records left in the ring
   */
  public long leftover() {
    long[] count = {0};
    boolean[] first = {true};
    try {
      while (poller.poll((chunk, sequence, endOfBatch) -> {
        if (chunk.end == null) {
          long left = chunk.size - (first[0] ? takenFromUnfinishedChunk : 0);
          chunk.edge.stranded += left;
          count[0] += left;
        }
        first[0] = false;
        return true;
      }) == EventPoller.PollState.PROCESSING) {
        // drain everything published
      }
    } catch (Exception e) {
      throw new IllegalStateException("counting what is left in the ring of stage '"
          + head.name() + "' failed", e);
    }
    return count[0];
  }

  private void loop() throws Exception {
    while (!control.isStopped()) {
      EventPoller.PollState state = poller.poll(this);
      if (timing) {
        long now = System.nanoTime();
        if (state == EventPoller.PollState.PROCESSING) {
          busyNanos += now - mark;
        } else {
          idleNanos += now - mark;
        }
        mark = now;
      }
      if (endReason != null) {
        for (Step step : steps) {
          step.flush(endReason);
        }
        outbox.end(endReason);
        return;
      }
      if (state == EventPoller.PollState.PROCESSING) {
        if (idlePolls >= IDLE_POLLS) {
          ring.consumerIdle(false);
        }
        idlePolls = 0;
        ring.producerBell().ring(); // room was made: a producer parked on a full ring goes on
        for (Step step : smart) {
          step.flushArrived(); // the input has nothing more right now
        }
      }
      long nextDeadline = flushDueBatches();
      if (!outbox.isEmpty()) {
        // A partial chunk goes out only to a consumer that has nothing else to do: publishing it
        // to a busy one would gain no latency and would spend a ring slot on a few records, so a
        // ring whose consumer is stuck would fill its slots long before it holds ringSize records.
        outbox.flushIfConsumerWaiting();
      }
      if (state == EventPoller.PollState.PROCESSING) {
        idler.reset();
        publishCounts();
      } else {
        long wait = nextDeadline == Long.MAX_VALUE ? Idler.BELL_PARK_NANOS
            : Math.min(Idler.BELL_PARK_NANOS, nextDeadline - clock.nanoTime());
        if (timing) { // a TIME flush since the poll was work, not waiting
          long now = System.nanoTime();
          busyNanos += now - mark;
          mark = now;
        }
        if (idlePolls < IDLE_POLLS && ++idlePolls == IDLE_POLLS) {
          ring.consumerIdle(true); // producers now publish each record to us at once
          // waiting, not between two chunks: nothing may wait in a partial chunk while we park
          // (flushing at every empty poll would cut a busy pipeline's hand-offs into slivers)
          outbox.flush();
        }
        whenIdle.run();
        idler.idle(wait, ring.consumerBell(), mayHaveWork);
        if (timing) {
          long now = System.nanoTime();
          idleNanos += now - mark;
          mark = now;
          publishTimes();
        }
      }
    }
  }

  @Override
  public boolean onEvent(Chunk chunk, long sequence, boolean endOfBatch) {
    if (chunk.barrier != null) {
      // a checkpoint: the steps pass it on when aligned
      head.barriers().arrived(chunk.edge, chunk.barrier);
      return !control.isStopped();
    }
    if (chunk.end != null) {
      head.barriers().inputEnded(chunk.edge); // no barrier comes along this edge any more
      // several edges meet here: the stream ends when all have ended, drained if any was
      inputEnd = inputEnd == null || chunk.end == FlushReason.DRAIN ? chunk.end : inputEnd;
      if (++inputsEnded < inputs) {
        return true;
      }
      // a failure before the end was handled turns it into a drain, as on every runner
      endReason = control.hasFailed() ? FlushReason.DRAIN : inputEnd;
      return false;
    }
    Object[] items = chunk.items;
    int n = chunk.size;
    int taken = 0;
    // the clock is read for the meters, and on one chunk in 8 to find out whether the head is slow
    boolean timed = timeHead || slow || (chunksSeen++ & 7) == 0;
    long start = timed ? System.nanoTime() : 0L;
    long blockedBefore = timed ? outbox.blockedNanos() : 0L;
    try {
      if (whole > 0) {
        while (taken < n) {
          if (n - taken >= whole && head.pending() == 0) {
            int from = taken;
            taken += whole;
            head.acceptWhole(items, from, whole); // a full batch arrived whole: no copy
          } else {
            head.accept(items[taken++]);
          }
        }
      } else if (slow) {
        while (taken < n) {
          head.accept(items[taken++]);
          outbox.flushUnlessCrowded(); // a slow head's output must not wait for the chunk
        }
      } else {
        long receivedBefore = head.tally().received;
        try {
          head.acceptAll(items, 0, n);
        } finally {
          taken = (int) (head.tally().received - receivedBefore); // all of them, unless it threw
        }
      }
    } catch (RuntimeException | Error e) {
      takenFromUnfinishedChunk = taken;
      chunk.edge.received += taken;
      throw e;
    }
    chunk.edge.received += taken;
    Arrays.fill(items, 0, taken, null); // a consumed slot keeps no record reachable
    if (timed) {
      long nanos = System.nanoTime() - start;
      // waiting for room downstream is not slowness: publishing per record then would only cut
      // the full ring's slots into slivers
      long working = nanos - (outbox.blockedNanos() - blockedBefore);
      slow = n > 0 && working / n >= SLOW_RECORD_NANOS;
      if (timeHead) {
        head.meters().records(taken, nanos);
      }
    }
    return !control.isStopped(); // a cancel need not wait for everything already published
  }

  /** Flushes every batch past its deadline; returns the earliest deadline still pending. */
  private long flushDueBatches() {
    return DueBatches.flush(steps, clock, afterTimeFlush);
  }

  /** Sends on what a TIME flush emitted and publishes the counts it changed. */
  private void publishTimeFlush() {
    outbox.flush();
    publishCounts(); // a sink, or a flush that emitted nothing, changed the counts all the same
  }

}
