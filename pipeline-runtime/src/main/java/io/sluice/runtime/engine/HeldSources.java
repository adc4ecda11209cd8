package io.sluice.runtime.engine;

import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.ResumableSource;
import io.sluice.api.Source;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run for its sources, the same for every runner (one per {@link RunPlan}). A source
 * whose reading ended well (it was exhausted, or stopped for a drain, with no failure) is not
 * closed when its reading ends but held open until every other node of the run has ended and
 * closed: only then have the records it emitted all reached their fate (written and committed by
 * the sinks, which closed, or skipped or dead-lettered). Then, if the run completed or drained,
 * each {@link ResumableSource} hears {@link ResumableSource#checkpointCompleted} with its last
 * position (so a source with read marks of its own, such as Kafka's committed offsets, commits
 * what the run finished even without checkpoints), and every held source is closed. A source of a
 * run that stops (cancel) or fails closes at once and hears nothing: nothing beyond what is done
 * is ever marked read.
 *
 * <p>Thread-safe: sources are held by the threads that polled them and released by the thread
 * that ends the run, never at the same time; the lock hands each source's state over.
 */
public final class HeldSources {
  private static final Logger LOG = LoggerFactory.getLogger(HeldSources.class);

  private final RunControl control;
  private final String pipeline;
  // guarded by this
  private final List<Held> held = new ArrayList<>();
  private boolean released;

  /** A source held open, with the position it gave when its reading ended. */
  private record Held(String name, Source<?> source, String position) {}

  HeldSources(RunControl control, String pipeline) {
    this.control = control;
    this.pipeline = pipeline;
  }

  /**
   * Holds a source whose reading ended well until {@link #release}; takes its position now, on
   * the thread that polled it. A source held after the release (a runner that gave up waiting)
   * is closed at once.
   *
   * @param name the source node
   * @param source its instance, open
   */
  public void hold(String name, Source<?> source) {
    String position = source instanceof ResumableSource<?> resumable ? position(name, resumable)
        : null;
    synchronized (this) {
      if (!released) {
        held.add(new Held(name, source, position));
        return;
      }
    }
    close(name, source);
  }

  private String position(String name, ResumableSource<?> source) {
    try {
      return source.position();
    } catch (RuntimeException e) {
      control.closeFailed(name, e, "its position() threw when its reading ended");
      return null;
    }
  }

  /**
   * Ends the run for the held sources, once: every other node has ended and closed. If the run
   * completed or drained, tells each resumable source that every record before its last position
   * reached its fate (a failure there is recorded like a failed close: the run then fails); then
   * closes every held source. Idempotent: later calls do nothing.
   *
   * @param outcome how the run ended, as far as is known now
   */
  public void release(Outcome outcome) {
    List<Held> ending;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      ending = List.copyOf(held);
      held.clear();
    }
    boolean finished = outcome == Outcome.COMPLETED || outcome == Outcome.DRAINED;
    if (control.isStopped()) {
      Thread.interrupted(); // a cancel's interrupt must not break the closes
    }
    for (Held source : ending) {
      try {
        if (finished && source.position() != null
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
}
