package io.sluice.runtime.engine;

import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run for its sources, the same for every runner (one per {@link RunPlan}). A source
 * whose reading ended well (it was exhausted, or stopped for a drain, with no failure) is not
 * closed when its reading ends but kept open until every other node of the run has ended and
 * closed: only then have the records it emitted all reached their fate (written and committed by
 * the sinks, which closed, or skipped or dead-lettered). Then, if the run completed or drained,
 * each {@link ResumableSource} hears {@link ResumableSource#checkpointCompleted} with the position
 * it gave when its reading ended (so a source with read marks of its own, such as Kafka's
 * committed offsets, commits what the run finished even without checkpoints), and is closed. A
 * source of a run that stops (cancel) or fails hears nothing: nothing beyond what is done is ever
 * marked read. Every call on a source stays on its own thread.
 *
 * <p>The local runner's source threads wait in {@link #awaitRunEnd} while the runner counts its
 * threads down ({@link #threadsRunning}); the deterministic runner, on one thread, {@link #hold}s
 * its sources and {@link #release}s them once its steps closed.
 */
public final class HeldSources {
  private static final Logger LOG = LoggerFactory.getLogger(HeldSources.class);

  private final RunControl control;
  private final String pipeline;
  // guarded by this
  private final List<Held> held = new ArrayList<>();
  private final List<Thread> waiters = new ArrayList<>();
  private int running = Integer.MAX_VALUE;
  private Outcome ended;

  /** A source kept open, with the position it gave when its reading ended. */
  private record Held(String name, Source<?> source, String position) {}

  HeldSources(RunControl control, String pipeline) {
    this.control = control;
    this.pipeline = pipeline;
  }

  /**
   * On the thread of a source whose reading ended well, after its fused steps closed: waits until
   * every other thread of the run has ended (or the run stops), then ends the run for the source
   * ({@link #release}'s work) on this thread.
   *
   * @param name the source node
   * @param source its instance, open
   */
  public void awaitRunEnd(String name, Source<?> source) {
    Held mine = new Held(name, source, position(name, source));
    Outcome outcome;
    synchronized (this) {
      waiters.add(Thread.currentThread());
      releaseIfOnlyWaitersRun();
    }
    while (true) {
      synchronized (this) {
        if (ended != null) {
          outcome = ended;
          break;
        }
      }
      if (control.isStopped()) {
        outcome = Outcome.CANCELLED; // only closes: a cancel never tells a source it is done
        break;
      }
      LockSupport.park(this); // unparked by the release, or by a stop (the schedule's wake-up)
      if (Thread.interrupted() && !control.isStopped()) {
        LOG.debug("pipeline '{}': source '{}' ignored a stray interrupt", pipeline, name);
      }
    }
    end(mine, outcome);
  }

  /**
   * Tells how many of the run's threads are still running (the waiting sources' included), each
   * time one ends: once only waiting sources are left, they are released.
   *
   * @param threads the threads still running
   */
  public synchronized void threadsRunning(int threads) {
    running = Math.min(running, threads); // counts from several threads may arrive out of order
    releaseIfOnlyWaitersRun();
  }

  private void releaseIfOnlyWaitersRun() {
    if (ended == null && !waiters.isEmpty() && waiters.size() == running) {
      ended = RunReports.outcome(control, null);
      waiters.forEach(LockSupport::unpark);
    }
  }

  /**
   * Keeps a source whose reading ended well open until {@link #release}, taking its position now:
   * for a runner that ends the run on the sources' own thread.
   *
   * @param name the source node
   * @param source its instance, open
   */
  public void hold(String name, Source<?> source) {
    Held kept = new Held(name, source, position(name, source));
    synchronized (this) {
      held.add(kept);
    }
  }

  /**
   * Ends the run for the held sources, once every other node has ended and closed: if the run
   * completed or drained, tells each resumable one that every record before its last position
   * reached its fate (a failure there is recorded like a failed close: the run then fails); then
   * closes each.
   *
   * @param outcome how the run ended, as far as is known now
   */
  public void release(Outcome outcome) {
    List<Held> ending;
    synchronized (this) {
      ending = List.copyOf(held);
      held.clear();
    }
    ending.forEach(source -> end(source, outcome));
  }

  /**
   * Closes a source now, recording a failure of its close.
   *
   * @param name the source node
   * @param source its instance
   */
  public void close(String name, Source<?> source) {
    try {
      source.close();
    } catch (Exception | Error e) {
      control.closeFailed(name, e, null);
    }
  }

  private void end(Held source, Outcome outcome) {
    if (control.isStopped()) {
      Thread.interrupted(); // a cancel's interrupt must not break the close
    }
    try {
      if ((outcome == Outcome.COMPLETED || outcome == Outcome.DRAINED)
          && source.position() != null
          && source.source() instanceof ResumableSource<?> resumable) {
        resumable.checkpointCompleted(source.position());
        LOG.debug("pipeline '{}': source '{}' told the run {} at {}", pipeline, source.name(),
            outcome, source.position());
      }
    } catch (Exception | Error e) {
      control.closeFailed(source.name(), e, "the run " + outcome + ", but telling the source "
          + "its records reached their fate at " + source.position() + " failed");
    } finally {
      close(source.name(), source.source());
    }
  }

  private String position(String name, Source<?> source) {
    if (!(source instanceof ResumableSource<?> resumable)) {
      return null;
    }
    try {
      return resumable.position();
    } catch (RuntimeException e) {
      control.closeFailed(name, e, "its position() threw when its reading ended");
      return null;
    }
  }
}
