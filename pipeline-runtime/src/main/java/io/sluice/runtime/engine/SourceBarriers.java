package io.sluice.runtime.engine;

import io.sluice.api.PipelineClock;
import io.sluice.api.ResumableSource;
import io.sluice.api.StageContext;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The checkpoint side of one source, on the thread that polls it: opens the source where the run
 * resumes, and between two polls sends the barrier of each checkpoint started since the last one,
 * after giving the {@link CheckpointCoordinator} the source's position. Used by every runner's
 * source loop; nothing here runs for a run without checkpoints.
 */
public final class SourceBarriers {
  private final CheckpointCoordinator coordinator;
  private final RunPlan plan;
  private final String name;
  private final ResumableSource<?> source;
  private final PipelineClock clock;
  private final long recordsBefore;
  private long sent;
  // set by the thread completing a checkpoint, taken by the source's thread between polls
  private final AtomicReference<String> completed = new AtomicReference<>();

  SourceBarriers(CheckpointCoordinator coordinator, RunPlan plan, String name,
      ResumableSource<?> source, long recordsBefore) {
    this.coordinator = coordinator;
    this.plan = plan;
    this.name = name;
    this.source = source;
    this.clock = plan.pipeline().clock();
    this.recordsBefore = recordsBefore;
  }

  /**
   * Opens the source: at its checkpointed position if the run resumes one, else from the start.
   *
   * @param context the source's context
   * @throws Exception what the source's open threw
   */
  public void open(StageContext context) throws Exception {
    String position = coordinator.resumedPosition(name);
    if (position == null) {
      source.open(context);
    } else {
      source.openAt(context, position);
    }
  }

  /**
   * After a poll: sends the barriers of the checkpoints started since the last one sent, starting
   * one if the interval has passed.
   *
   * @param produced the records the source produced in this run so far
   */
  public void afterPoll(long produced) {
    String done = completed.getAndSet(null);
    if (done != null) {
      tellCompleted(done);
    }
    long due = coordinator.due(clock.nanoTime());
    if (due > sent) {
      send(due, produced);
    }
  }

  /**
   * Sends the barriers of every checkpoint started so far and not yet sent (for a runner that
   * starts one on request, {@link CheckpointCoordinator#start()}).
   *
   * @param produced the records the source produced in this run so far
   */
  public void sendStarted(long produced) {
    long started = coordinator.started();
    if (started > sent) {
      send(started, produced);
    }
  }

  /**
   * The source ended (exhausted, or stopped for a drain): its position now is where the next run
   * would start.
   *
   * @param produced the records the source produced in this run
   */
  public void ended(long produced) {
    coordinator.sourceEnded(name, source.position(), recordsBefore + produced);
  }

  /** A checkpoint completed with this source at {@code position}: told at the next poll. */
  void completed(String position) {
    if (position != null) {
      completed.set(position);
    }
  }

  private void tellCompleted(String position) {
    try {
      source.checkpointCompleted(position);
    } catch (Exception e) {
      if (!plan.control().isStopped()) { // a cancel's interrupt may break the commit: no failure
        plan.control().fail(name, null, null, e, "source '" + name + "' could not commit "
            + "the completed checkpoint at " + position);
      }
    }
  }

  private void send(long upTo, long produced) {
    String position = source.position();
    long records = recordsBefore + produced;
    while (sent < upTo) {
      sent++;
      coordinator.sourceAt(name, sent, position, records);
      BarrierLane.send(plan.outputOf(name), new Barrier(sent));
    }
  }
}
