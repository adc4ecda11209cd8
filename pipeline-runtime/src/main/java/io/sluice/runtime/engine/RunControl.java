package io.sluice.runtime.engine;

import io.sluice.api.FlushReason;
import io.sluice.api.StageFailedException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state every thread of one run shares: whether it must stop at once (cancelled, or a runner
 * thread died), whether a drain was requested, and the first failure. The first failure wins;
 * later ones are attached to it as suppressed exceptions, so none is lost.
 *
 * <p>A stage failure does not stop the run at once: it stops the inputs, and everything already
 * passed on elsewhere drains to its fate (the failed stage strands what reaches it). So what the
 * stages passed on before a failure is delivered the same way on every runner, however the stages
 * are spread over threads.
 */
public final class RunControl {
  private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);

  private final String pipelineName;
  private final boolean named;
  private final AtomicReference<StageFailedException> failure = new AtomicReference<>();
  private volatile boolean stopped;
  private volatile boolean failedFlag;
  private volatile boolean cancelled;
  private volatile boolean drainRequested;
  private volatile FlushReason inputEnd;
  /** Wakes the run's parked threads when the state changes (the local runner's doorbells). */
  private volatile Runnable wakeUp = () -> { };

  /**
   * Creates the control of a run.
   *
   * @param pipelineName the pipeline, named in failures
   */
  public RunControl(String pipelineName) {
    this(pipelineName, true);
  }

  /**
   * Creates the control of a run of a pipeline that may have no name of its own.
   *
   * @param pipelineName the pipeline's name (for an unnamed one, its first input's)
   * @param named whether failures name the pipeline ({@link io.sluice.api.Pipeline#isNamed()})
   */
  public RunControl(String pipelineName, boolean named) {
    this.named = named;
    this.pipelineName = pipelineName;
  }

  /**
   * Returns the pipeline's name.
   *
   * @return the name
   */
  public String pipelineName() {
    return pipelineName;
  }

  /**
   * Records a failure of a stage: the inputs stop and the run drains, then ends as failed. Returns
   * the exception to throw from the failing call.
   *
   * @param stage the failing stage
   * @param record the record being processed, or {@code null}
   * @param batch the batch being processed, or {@code null}
   * @param cause what the stage threw
   * @return the failure describing this stage's error
   */
  public StageFailedException fail(String stage, Object record, List<?> batch, Throwable cause) {
    return fail(stage, record, batch, cause, null);
  }

  /**
   * Records a failure of a stage, with a detail for the message; the inputs stop and the run
   * drains, then ends as failed.
   *
   * @param stage the failing stage
   * @param record the record being processed, or {@code null}
   * @param batch the batch being processed (or carrying the record), or {@code null}
   * @param cause what the stage threw
   * @param detail why the failure ends the run, e.g. "after 3 attempts", or {@code null}
   * @return the failure describing this stage's error
   */
  public StageFailedException fail(String stage, Object record, List<?> batch, Throwable cause,
      String detail) {
    StageFailedException failed = record(stage, record, batch, cause, detail);
    failedFlag = true;
    wakeUp.run();
    return failed;
  }

  /**
   * Sets what wakes the run's parked threads, run after a failure, a stop or a drain request so
   * they notice at once rather than when their park runs out.
   *
   * @param hook a quick, thread-safe action
   */
  public void onChange(Runnable hook) {
    this.wakeUp = hook;
  }

  /**
   * Records a failure that leaves the run unable to drain (a runner thread died of something no
   * stage policy covers) and stops the run at once, as a cancel does.
   *
   * @param stage the stage whose thread died
   * @param cause what killed it
   * @return the failure
   */
  public StageFailedException failAndStop(String stage, Throwable cause) {
    StageFailedException failed = record(stage, null, null, cause, null);
    failedFlag = true;
    stopped = true;
    wakeUp.run();
    return failed;
  }

  /**
   * Tells whether a stage has failed: the inputs take nothing more and the run is draining.
   *
   * @return {@code true} once a failure was recorded with {@link #fail}
   */
  public boolean hasFailed() {
    return failedFlag;
  }

  /**
   * Records that a stage's {@code close} threw, without stopping the run: the stage has finished
   * with every record it took, so the others go on delivering what they hold; the run still ends
   * as failed. Once the run is stopped, an interrupt ending a close blocked in a call (what
   * {@code cancel()} does so that the run can end) is logged, not taken for a failure.
   *
   * @param stage the stage whose close threw
   * @param cause what it threw
   * @param detail what was being closed, or {@code null} for the stage itself
   */
  public void closeFailed(String stage, Throwable cause, String detail) {
    if (stopped && byTheStopsInterrupt(cause)) {
      // the stop interrupted a close blocked in a call so that the run can end: not a failure
      LOG.warn("pipeline '{}': closing stage '{}' was interrupted by the stop: {}", pipelineName,
          stage, cause.toString());
      return;
    }
    record(stage, null, null, cause, detail);
  }

  private static boolean byTheStopsInterrupt(Throwable cause) {
    Throwable t = cause;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  private StageFailedException record(String stage, Object record, List<?> batch,
      Throwable cause, String detail) {
    StageFailedException failed =
        new StageFailedException(pipelineName, named, stage, record, batch, cause, detail);
    if (failure.compareAndSet(null, failed)) {
      LOG.error("pipeline '{}': stage '{}' failed", pipelineName, stage, cause);
    } else {
      StageFailedException first = failure.get();
      // the same cause can be reported twice (a misused emitter fails the run and its caller)
      if (first != cause && first.getCause() != cause) {
        first.addSuppressed(failed);
      }
      LOG.warn("pipeline '{}': stage '{}' also failed: {}", pipelineName, stage, cause.toString());
    }
    return failed;
  }

  /** Stops the run at once, abandoning what is still in rings. */
  public void cancel() {
    cancelled = true;
    stopped = true;
    wakeUp.run();
  }

  /** Asks the input to stop so that what was accepted drains to the end. */
  public void requestDrain() {
    drainRequested = true;
    wakeUp.run();
  }

  /**
   * Tells whether threads must stop now (the run was cancelled or a stage failed).
   *
   * @return {@code true} once stopped
   */
  public boolean isStopped() {
    return stopped;
  }

  /**
   * Tells whether {@link #cancel()} was called.
   *
   * @return {@code true} if cancelled
   */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Tells whether a drain was requested.
   *
   * @return {@code true} once close was asked for
   */
  public boolean isDrainRequested() {
    return drainRequested;
  }

  /**
   * Records how the input ended: END_OF_STREAM or DRAIN (a drain of any input wins).
   *
   * @param reason the reason carried by the end-of-stream signal
   */
  public void inputEnded(FlushReason reason) {
    if (inputEnd == null || reason == FlushReason.DRAIN) {
      inputEnd = reason; // with several inputs, one drained makes the run drained
    }
  }

  /**
   * Returns how the input ended, or {@code null} while it has not.
   *
   * @return the reason
   */
  public FlushReason inputEnd() {
    return inputEnd;
  }

  /**
   * Returns the first failure, or {@code null}.
   *
   * @return the failure
   */
  public StageFailedException failure() {
    return failure.get();
  }
}
