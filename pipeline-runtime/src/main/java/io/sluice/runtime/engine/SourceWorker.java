package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;

/**
 * The loop of a source thread: polls the source until it is exhausted or a drain is requested, then
 * sends the end-of-stream signal with END_OF_STREAM or DRAIN.
 */
public final class SourceWorker implements Runnable, Emitter<Object> {
  private final Source<Object> source;
  private final StageContext context;
  private final Outbox outbox;
  private final RunControl control;
  private final Idler idler = new Idler();
  private long produced;
  private volatile long producedPublished;
  /** Whether a poll is under way: its emitter is valid only then, on the source's thread. */
  private boolean inPoll;
  private Thread owner;

  /**
   * Creates the worker.
   *
   * @param source the source instance
   * @param context the source's context
   * @param outbox the first stage's ring
   * @param control the run's control
   */
  @SuppressWarnings("unchecked")
  public SourceWorker(Source<?> source, StageContext context, Outbox outbox, RunControl control) {
    this.source = (Source<Object>) source;
    this.context = context;
    this.outbox = outbox;
    this.control = control;
    outbox.beforePublish(() -> producedPublished = produced);
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
    outbox.emit(record);
  }

  @Override
  public void run() {
    owner = Thread.currentThread();
    String name = context.stageName();
    boolean opened = false;
    try {
      opened = true;
      source.open(context);
      FlushReason reason = FlushReason.END_OF_STREAM;
      while (!control.isStopped()) {
        if (control.isDrainRequested()) {
          reason = FlushReason.DRAIN;
          break;
        }
        long before = produced;
        boolean more;
        inPoll = true;
        try {
          more = source.poll(this);
        } catch (Stopped | StageFailedException e) {
          throw e;
        } catch (Exception e) {
          throw control.fail(name, null, null, e);
        } finally {
          inPoll = false;
        }
        if (!more) {
          break;
        }
        outbox.flushIfConsumerWaiting();
        if (produced == before) {
          idler.idle(); // a source with nothing to give must not burn the core its consumers need
        } else {
          idler.reset();
        }
      }
      if (!control.isStopped()) {
        control.inputEnded(reason);
        outbox.end(reason);
      }
    } catch (Stopped | StageFailedException expected) {
      // the run is stopping; the failure, if any, is already recorded
    } catch (Throwable unexpected) {
      control.fail(name, null, null, unexpected);
    } finally {
      if (opened) {
        try {
          source.close();
        } catch (Exception e) {
          control.closeFailed(name, e, null);
        }
      }
    }
  }
}
