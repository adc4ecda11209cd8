package io.sluice.runtime.engine;

import com.lmax.disruptor.EventPoller;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageFailedException;
import java.util.Arrays;
import java.util.List;

/**
 * The loop of one stage thread: takes chunks from its input ring, runs their records through its
 * steps (one, or several fused on this thread), flushes batches whose time has come, and ends when
 * the end-of-stream signal arrives or the run stops. Opens its steps first and always closes them,
 * on this thread.
 */
final class StageWorker implements Runnable, EventPoller.Handler<Chunk> {
  private final List<Step> steps;
  private final Step head;
  private final EventPoller<Chunk> poller;
  private final Outboxes outbox;
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
    this.steps = List.copyOf(steps);
    this.head = steps.get(0);
    this.poller = input.poller();
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
    for (Step step : steps) {
      step.meters().time(busyNanos, idleNanos);
    }
  }

  /** Publishes the counts and times of every step, for snapshots taken by other threads. */
  private void publishCounts() {
    for (Step step : steps) {
      step.tally().publish();
      if (timing) {
        step.meters().time(busyNanos, idleNanos);
      }
    }
  }

  /**
   * Returns the steps of this worker.
   *
   * @return the steps
   */
  public List<Step> steps() {
    return steps;
  }

  @Override
  public void run() {
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
        long wait = nextDeadline == Long.MAX_VALUE ? Idler.MAX_PARK_NANOS
            : Math.min(Idler.MAX_PARK_NANOS, nextDeadline - clock.nanoTime());
        if (timing) { // a TIME flush since the poll was work, not waiting
          long now = System.nanoTime();
          busyNanos += now - mark;
          mark = now;
        }
        whenIdle.run();
        idler.idle(wait);
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
    if (chunk.end != null) {
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
    int i = 0;
    long start = timeHead ? System.nanoTime() : 0L;
    try {
      for (int n = chunk.size; i < n; i++) {
        head.accept(items[i]);
      }
    } catch (RuntimeException | Error e) {
      takenFromUnfinishedChunk = i + 1;
      chunk.edge.received += i + 1;
      throw e;
    }
    chunk.edge.received += i;
    Arrays.fill(items, 0, i, null); // a consumed slot keeps no record reachable
    if (timeHead) {
      head.meters().records(i, System.nanoTime() - start);
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
