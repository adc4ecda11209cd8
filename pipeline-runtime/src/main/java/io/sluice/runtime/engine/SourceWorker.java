package io.sluice.runtime.engine;

import com.google.common.base.Preconditions;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of a source thread: polls the source until it is exhausted or a drain is requested, then
 * sends the end-of-stream signal with END_OF_STREAM or DRAIN. The stages fused onto the source's
 * thread run here as steps: each record the source emits goes through them by direct calls before
 * whatever they emit reaches the outbox. Opens the source, then its steps, and closes them in the
 * same order, always, on this thread; except a source whose reading ended well, which is closed
 * after its steps, once the rest of the run has ended ({@link HeldSources#awaitRunEnd}).
 *
 * <p>Hand-off latency: records are published as soon as the consumer has caught up (eager
 * outboxes) and, while the source's polls block (one took {@link #SLOW_POLL_NANOS} or more in the
 * last {@link #BLOCKING_MEMORY} polls), after every poll, so no record waits out the next poll's
 * wait in a partly filled chunk. After each poll, smart-batching steps flush what arrived.
 */
final class SourceWorker implements Runnable, Emitter<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(SourceWorker.class);
  /** A poll this long is taken for one that waits for data: the next may wait as well. */
  static final long SLOW_POLL_NANOS = 20_000L;
  /** How many fast polls after a slow one the source is still treated as a blocking one. */
  static final int BLOCKING_MEMORY = 1024;
  /**
   * The longest pause between polls that gave nothing, reached after about 20 ms of silence: an
   * idle source costs well under 1 % of a core. A source that must hand records on sooner after a
   * silence waits for data inside its poll (a long poll), which costs nothing while it waits.
   */
  static final long MAX_IDLE_PARK_NANOS = 10_000_000L;

  private final Source<Object> source;
  private final StageContext context;
  /** An array, not a list: looped over per publish, it must not need an iterator. */
  private final Step[] steps;
  private final Emitter<Object> first;
  private final Outboxes outbox;
  private final RunControl control;
  private final PipelineClock clock;
  private final boolean timed;
  private final Idler idler = new Idler(MAX_IDLE_PARK_NANOS);
  private final PollInterrupt pollInterrupt = new PollInterrupt();
  private final Runnable afterTimeFlush = this::publishTimeFlush;
  private final Step[] smart;
  private int blockingPolls;
  private long produced;
  private volatile long producedPublished;
  /** Whether a poll is under way: its emitter is valid only then, on the source's thread. */
  private boolean inPoll;
  private Thread owner;
  private Runnable whenIdle = () -> { };
  /** The same thread, for {@link #wake()} from other threads. */
  private volatile Thread thread;
  /** The source's checkpoint barriers; {@code null} for a run without checkpoints. */
  private SourceBarriers barriers;
  /** Where a source whose reading ended well waits for the run's end; {@code null}: closed. */
  private HeldSources holdAtEnd;

  /**
   * Creates the worker of a source and the stages fused onto its thread.
   *
   * @param source the source instance
   * @param context the source's context
   * @param steps the steps fused onto the source's thread, each after the steps feeding it,
   *     already connected; may be empty
   * @param first where the source's records go (a fused step's input, an outbox, or both)
   * @param outbox the outboxes of the edges leaving this thread
   * @param control the run's control
   * @param clock the run's clock, for the deadlines of batched steps
   */
  @SuppressWarnings("unchecked")
  public SourceWorker(Source<?> source, StageContext context, List<Step> steps,
      Emitter<Object> first, Outboxes outbox, RunControl control, PipelineClock clock) {
    this.source = (Source<Object>) source;
    this.context = context;
    this.steps = steps.toArray(new Step[0]);
    this.first = Preconditions.checkNotNull(first, "source '%s' feeds nothing",
        context.stageName());
    this.outbox = outbox;
    this.control = control;
    this.clock = clock;
    this.timed = steps.stream().anyMatch(step -> step.context().dispatch().maxWait().isPresent());
    this.smart = steps.stream().filter(Step::isSmart).toArray(Step[]::new);
    if (!outbox.isEmpty()) {
      for (Step step : this.steps) {
        step.afterBatch(outbox::flushIfConsumerWaiting); // a batch's output leaves as a unit
      }
    }
    // counts are published before records leave, so a snapshot never shows a later stage
    // receiving more than this thread handed on
    outbox.beforePublish(this::publishCounts);
  }

  /**
   * Sets what this worker does each time the source gave nothing, before it waits: clearing a
   * stray interrupt ({@link StrayInterrupt}).
   *
   * @param hook a quick, non-blocking action
   */
  void whenIdle(Runnable hook) {
    this.whenIdle = hook;
  }

  /** Makes the worker open the source where the run resumes and send checkpoint barriers. */
  void checkpoints(SourceBarriers sourceBarriers) {
    this.barriers = sourceBarriers;
  }

  /**
   * Makes the worker keep its source open when its reading ends well, until the rest of the run
   * has ended ({@link HeldSources}), instead of closing it at once.
   */
  void holdAtEnd(HeldSources held) {
    this.holdAtEnd = held;
  }

  /** Publishes the produced count and the fused steps' counts for snapshots by other threads. */
  private void publishCounts() {
    // the produced count first: each step's release then carries it, so a snapshot that reads a
    // step's counts and then the source's never sees the step ahead of the source
    producedPublished = produced;
    for (Step step : steps) {
      step.tally().publish();
    }
  }

  /**
   * Returns how many records the source had produced when it last handed records on, from any
   * thread: never less than what any later stage has received.
   *
   * @return the published count
   */
  public long producedPublished() {
    return producedPublished;
  }

  /**
   * Returns how many records the source produced.
   *
   * @return the count
   */
  public long produced() {
    return produced;
  }

  @Override
  public void emit(Object record) {
    if (!inPoll || Thread.currentThread() != owner) {
      throw Misuse.ofEmitter("source", context.stageName(), "poll", inPoll, owner, control);
    }
    if (record == null) {
      throw new NullPointerException("source '" + context.stageName() + "' emitted null");
    }
    produced++;
    first.emit(record);
  }

  /**
   * Emits the record unless a ring this thread feeds is full: a source polling an input that
   * must not wait (Kafka) keeps the record and offers it again later.
   */
  @Override
  public boolean tryEmit(Object record) {
    // the owner's call with a record and no room: refused; anything else is emit's to check
    if (inPoll && record != null && Thread.currentThread() == owner && !outbox.haveRoom()) {
      outbox.flush(); // what waits in a partial chunk goes now: the consumer may be waiting
      return false;
    }
    emit(record);
    return true;
  }

  /**
   * From the thread closing the run, once a drain was asked: interrupts the source's poll if it
   * has been under way for {@code patienceNanos} or more and is not waiting for room downstream
   * (that wait ends as the drain moves on), so a poll blocked waiting for data ends the input.
   *
   * @return {@code true} if it interrupted the poll
   */
  boolean interruptPollWaitingForData(long patienceNanos) {
    return control.isDrainRequested() && outbox.haveRoom()
        && pollInterrupt.interruptIfPollingFor(patienceNanos);
  }

  /** Tells whether the source's thread is inside a poll, from any thread. */
  boolean isPolling() {
    return pollInterrupt.isPolling();
  }

  /** Unparks the source's thread, so it sees a stop, failure or drain at once. */
  void wake() {
    Thread running = thread;
    if (running != null) {
      LockSupport.unpark(running);
    }
  }

  @Override
  public void run() {
    owner = Thread.currentThread();
    thread = owner;
    String name = context.stageName();
    boolean sourceOpened = false;
    boolean endedWell = false;
    FlushReason reason;
    try {
      sourceOpened = true;
      try {
        if (barriers == null) {
          source.open(context);
        } else {
          barriers.open(context); // where the last checkpoint left it
        }
      } catch (Exception | Error e) {
        throw failure(e);
      }
      for (Step step : steps) {
        step.open(); // a step that fails to open strands what reaches it; the source stops
      }
      reason = loop();
      if (control.hasFailed()) {
        reason = FlushReason.DRAIN; // ended after a failure: the rest of the run drains
      }
    } catch (StageFailedException failed) {
      reason = FlushReason.DRAIN; // what was passed on before the failure drains to its fate
    } catch (Stopped stopped) {
      reason = null; // cancelled: nothing is sent on
    } catch (Throwable unexpected) {
      control.failAndStop(name, unexpected);
      reason = null;
    }
    try {
      if (reason != null && !control.isStopped()) {
        if (barriers != null) {
          barriers.ended(produced);
        }
        control.inputEnded(reason);
        for (Step step : steps) {
          step.flush(reason);
        }
        outbox.end(reason);
        endedWell = !control.hasFailed() && !control.isStopped();
      }
    } catch (Stopped stopped) {
      // cancelled while ending: the records left are counted as stranded
    } catch (Throwable unexpected) {
      control.failAndStop(name, unexpected);
    } finally {
      publishCounts();
      for (Step step : steps) {
        step.abandonPending(); // empty unless the run stopped with a batch waiting
      }
      boolean kept = sourceOpened && endedWell && holdAtEnd != null;
      if (sourceOpened && !kept) {
        if (control.isStopped()) {
          Thread.interrupted(); // a cancel's interrupt must not break the close
        }
        try {
          source.close();
        } catch (Exception | Error e) {
          control.closeFailed(name, e, null);
        }
      }
      for (Step step : steps) {
        step.close(); // also the steps never opened: they hold their dead-letter sinks
      }
      if (kept) { // told and closed once every record reached its fate, fused sinks' included
        holdAtEnd.awaitRunEnd(name, source);
      }
    }
  }

  /** Polls until the source is exhausted or a drain is asked for; returns which it was. */
  private FlushReason loop() {
    while (!control.isStopped()) {
      if (control.isDrainRequested() || control.hasFailed()) {
        return FlushReason.DRAIN;
      }
      long before = produced;
      boolean more;
      inPoll = true;
      long pollStart = System.nanoTime();
      long blockedBefore = outbox.blockedNanos();
      // the poll may block waiting for data: what the last polls left in a part-full chunk goes
      // first if the consumer has (nearly) caught up, as between two records of a stage
      outbox.handOffBeforeNextCall();
      pollInterrupt.pollStarts();
      try {
        more = source.poll(this);
      } catch (Stopped | StageFailedException e) {
        pollInterrupt.pollEnded();
        throw e;
      } catch (Exception | Error e) {
        if (pollInterrupt.pollEnded() && !control.isStopped() && !control.hasFailed()) {
          LOG.debug("pipeline '{}': source '{}' was waiting for data when the run drained; its "
              + "poll, interrupted, ended with {}", control.pipelineName(), context.stageName(),
              e.toString());
          return FlushReason.DRAIN; // what the poll emitted before goes on
        }
        throw failure(e);
      } finally {
        inPoll = false;
      }
      pollInterrupt.pollEnded(); // a drain's interrupt that came as the poll returned is cleared
      if (!more) {
        return FlushReason.END_OF_STREAM;
      }
      // time spent waiting for room downstream is backpressure, not a poll waiting for data
      long polled = System.nanoTime() - pollStart - (outbox.blockedNanos() - blockedBefore);
      blockingPolls = polled >= SLOW_POLL_NANOS ? BLOCKING_MEMORY
          : Math.max(0, blockingPolls - 1);
      for (Step step : smart) {
        step.flushArrived(); // what this poll gave is everything that arrived
      }
      long nextDeadline = timed ? flushDueBatches() : Long.MAX_VALUE;
      if (barriers != null) {
        barriers.afterPoll(produced); // a checkpoint's barrier leaves between two polls
      }
      if (blockingPolls > 0) {
        outbox.flushUnlessCrowded(); // the next poll may wait for data: nothing may wait with it
      } else {
        outbox.flushIfConsumerWaiting();
      }
      if (produced == before) {
        outbox.flush(); // nothing else to do: no record waits in a partial chunk while we park
        // a source with nothing to give must not burn the core its consumers need
        whenIdle.run();
        idler.idle(nextDeadline == Long.MAX_VALUE ? MAX_IDLE_PARK_NANOS
            : Math.min(MAX_IDLE_PARK_NANOS, nextDeadline - clock.nanoTime()));
      } else {
        idler.reset();
        publishCounts();
      }
    }
    return FlushReason.END_OF_STREAM; // stopped: the caller sends no signal
  }

  /** What the source's open or poll threw: its failure, or a stop if a cancel interrupted it. */
  private RuntimeException failure(Throwable thrown) {
    return control.isStopped() ? Stopped.INSTANCE
        : control.fail(context.stageName(), null, null, thrown);
  }

  /**
   * Flushes the batches of fused steps whose deadline has passed (checked between polls) and
   * publishes what they emitted; returns the earliest deadline still pending. Reads the clock only
   * while a batch waits.
   */
  private long flushDueBatches() {
    return DueBatches.flush(steps, clock, afterTimeFlush);
  }

  /** Sends on what a TIME flush emitted and publishes the counts it changed. */
  private void publishTimeFlush() {
    outbox.flush();
    publishCounts(); // a flush that emitted nothing downstream still changed the counts
  }
}
