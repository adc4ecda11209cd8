package io.sluice.runtime.engine;

import com.lmax.disruptor.EventPoller;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageFailedException;
import java.util.List;

/**
 * The loop of one stage thread: takes chunks from its input ring, runs their records through its
 * steps (one, or several fused on this thread), flushes batches whose time has come, and ends when
 * the end-of-stream signal arrives or the run stops. Opens its steps first and always closes them,
 * on this thread.
 */
public final class StageWorker implements Runnable, EventPoller.Handler<Chunk> {
  private final List<Step> steps;
  private final Step head;
  private final EventPoller<Chunk> poller;
  private final Outbox outbox;
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
   * @param steps the steps run on this thread, in pipeline order, already connected to each other
   * @param input the ring the first step reads
   * @param outbox where the last step emits, or {@code null} when the last step is a sink
   * @param control the run's control
   * @param clock the run's clock
   */
  public StageWorker(List<Step> steps, Ring input, Outbox outbox, RunControl control,
      PipelineClock clock) {
    this.steps = List.copyOf(steps);
    this.head = steps.get(0);
    this.poller = input.poller();
    this.outbox = outbox;
    this.control = control;
    this.clock = clock;
    this.timing = head.meters().timing();
    this.timeHead = timing && head.perRecord();
    if (outbox != null) {
      // counts are published before records leave, so a snapshot never shows a stage receiving
      // more than the stage before it emitted
      outbox.beforePublish(this::publishCounts);
    }
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
    int opened = 0;
    mark = timing ? System.nanoTime() : 0L;
    try {
      for (Step step : steps) {
        opened++;
        step.open();
      }
      loop();
    } catch (Stopped | StageFailedException expected) {
      // the run is stopping; the failure, if any, is already recorded
    } catch (Throwable unexpected) {
      control.fail(head.name(), null, null, unexpected);
    } finally {
      publishCounts();
      for (Step step : steps) {
        step.abandonPending(); // empty unless the run stopped with a batch waiting
      }
      for (int i = 0; i < opened; i++) {
        steps.get(i).close();
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
          count[0] += chunk.size - (first[0] ? takenFromUnfinishedChunk : 0);
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
        if (outbox != null) {
          outbox.end(endReason);
        }
        return;
      }
      long nextDeadline = flushDueBatches();
      if (outbox != null) {
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
      endReason = chunk.end;
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
      throw e;
    }
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
    if (outbox != null) {
      outbox.flush();
    }
    publishCounts(); // a sink, or a flush that emitted nothing, changed the counts all the same
  }

}
