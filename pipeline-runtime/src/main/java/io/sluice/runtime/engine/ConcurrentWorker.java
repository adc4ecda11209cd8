package io.sluice.runtime.engine;

import com.lmax.disruptor.EventPoller;
import io.sluice.api.FlushReason;
import io.sluice.api.StageFailedException;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The node thread of a concurrent node on the local runner, what parallel and async nodes share:
 * it takes chunks from the node's input ring and hands each record to the node ({@link #take},
 * which may hold the thread while the node is full, releasing results meanwhile), releases what
 * the node's workers or calls finished, and at the end of the input (every edge signalled, DRAIN
 * if any drained or the run failed) ends the node, waits until it is done and sends the end on.
 * A checkpoint barrier goes to the node's summary step, which aligns it over the input edges and
 * hands it to the node ({@link BarrierGate}).
 * It owns the node's outboxes; waiting for input parks on the ring's doorbell, which the node's
 * workers and completing calls ring too.
 */
abstract class ConcurrentWorker implements Runnable, EventPoller.Handler<Chunk> {
  /** How long a full node waits for a result before it looks again. */
  static final long ROOM_PARK_NANOS = 20_000L;

  final Ring ring;
  final Outboxes outbox;
  final RunControl control;
  private final String name;
  /** The node's summary step: aligns checkpoint barriers, and hears the end of the stream. */
  private final Step summary;
  private final EventPoller<Chunk> poller;
  private final int inputs;
  private final Idler idler = new Idler();
  private Runnable whenIdle = () -> { };
  private int inputsEnded;
  private FlushReason inputEnd;
  private FlushReason endReason;
  /** Records taken from a chunk whose processing threw; the poller will offer it again. */
  private int takenFromUnfinishedChunk;
  private volatile Thread thread;

  ConcurrentWorker(Step summary, Ring ring, int inputs, Outboxes outbox, RunControl control) {
    this.summary = summary;
    this.name = summary.name();
    this.ring = ring;
    this.poller = ring.poller();
    this.inputs = inputs;
    this.outbox = outbox;
    this.control = control;
  }

  /** Hands the node one record; may wait (releasing results) while the node is full. */
  abstract void take(Object record);

  /** Releases what the node's workers or calls finished; {@code true} if there was any. */
  abstract boolean releaseResults();

  /** Tells whether results wait to be released (read from other threads' posts). */
  abstract boolean hasResults();

  /**
   * Ends the node's input (called once per loop from the end on) and tells whether everything
   * was released, so the end can be sent on.
   */
  abstract boolean ended(FlushReason reason);

  /** Acts on what fell due on the clock; returns the next deadline, or {@code Long.MAX_VALUE}. */
  abstract long fireDue();

  /** Publishes the node's rolled-up counts for snapshots. */
  abstract void publish();

  /** Lets go of what the node holds, on this thread, whatever happened. */
  abstract void finish();

  /** Runs on the node thread before its loop: opens what the thread itself calls. */
  void beforeLoop() {
  }

  void whenIdle(Runnable hook) {
    this.whenIdle = hook;
  }

  Runnable whenIdle() {
    return whenIdle;
  }

  void wake() {
    Thread running = thread;
    if (running != null) {
      LockSupport.unpark(running);
    }
  }

  @Override
  public final void run() {
    thread = Thread.currentThread();
    try {
      beforeLoop();
      loop();
    } catch (Stopped | StageFailedException expected) {
      // the run is stopping; a failure is already recorded
    } catch (Throwable unexpected) {
      control.failAndStop(name, unexpected);
    } finally {
      try {
        publish();
      } finally {
        finish();
      }
    }
  }

  private void loop() throws Exception {
    while (!control.isStopped()) {
      boolean work = releaseResults();
      long deadline = fireDue();
      if (endReason != null) {
        if (ended(endReason)) {
          releaseResults();
          publish();
          summary.flush(endReason); // a sink, a dead-letter user: ended, for the checkpoints
          outbox.end(endReason);
          return;
        }
      } else if (poller.poll(this) == EventPoller.PollState.PROCESSING) {
        ring.producerBell().ring(); // room was made: a producer parked on a full ring goes on
        work = true;
      }
      outbox.flushIfConsumerWaiting();
      if (work) {
        idler.reset();
      } else {
        outbox.flush(); // nothing waits in a partial chunk while this thread sleeps
        publish();
        whenIdle.run();
        long wait = deadline == Long.MAX_VALUE ? Idler.BELL_PARK_NANOS
            : Math.max(0, Math.min(Idler.BELL_PARK_NANOS, deadline - clockNow()));
        idler.idle(wait, ring.consumerBell(),
            () -> ring.mayHaveWork() || hasResults() || endReason != null);
      }
    }
  }

  /** The pipeline clock's time, for deadlines. */
  abstract long clockNow();

  /**
   * Waits a moment for a result while the node is full; throws {@link Stopped} (after counting
   * the record it holds, if any, as stranded) once the run stops.
   */
  final void waitForResults(Runnable strandHeld) {
    if (control.isStopped()) {
      strandHeld.run();
      throw Stopped.INSTANCE;
    }
    outbox.flush(); // what was released must not wait while this thread waits
    fireDue();
    ring.consumerBell().sleep(ROOM_PARK_NANOS, this::hasResults);
  }

  @Override
  public final boolean onEvent(Chunk chunk, long sequence, boolean endOfBatch) {
    if (chunk.barrier != null) {
      // aligned, then into the node (BarrierGate)
      summary.barriers().arrived(chunk.edge, chunk.barrier);
      return !control.isStopped();
    }
    if (chunk.end != null) {
      summary.barriers().inputEnded(chunk.edge); // no barrier comes along this edge any more
      inputEnd = inputEnd == null || chunk.end == FlushReason.DRAIN ? chunk.end : inputEnd;
      if (++inputsEnded < inputs) {
        return true;
      }
      endReason = control.hasFailed() ? FlushReason.DRAIN : inputEnd;
      return false;
    }
    Object[] items = chunk.items;
    int n = chunk.size;
    int taken = 0;
    try {
      while (taken < n) {
        Object record = items[taken++];
        chunk.edge.received++;
        take(record);
      }
    } catch (RuntimeException | Error e) {
      takenFromUnfinishedChunk = taken; // counted received (and stranded, if it was held) here
      throw e;
    }
    Arrays.fill(items, 0, taken, null); // a consumed slot keeps no record reachable
    return !control.isStopped();
  }

  /**
   * Counts the records left in the node's input ring after a stop, as {@link StageWorker} does;
   * call only once every thread of the run has ended.
   */
  final void leftover() {
    boolean[] first = {true};
    try {
      while (poller.poll((chunk, sequence, endOfBatch) -> {
        if (chunk.end == null) {
          chunk.edge.stranded += chunk.size - (first[0] ? takenFromUnfinishedChunk : 0);
        }
        first[0] = false;
        return true;
      }) == EventPoller.PollState.PROCESSING) {
        // drain everything published
      }
    } catch (Exception e) {
      throw new IllegalStateException("counting what is left in the ring of stage '" + name
          + "' failed", e);
    }
  }
}
