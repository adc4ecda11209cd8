package io.sluice.runtime.engine;

import io.sluice.api.DeadLetter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageFailedException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a step's {@link ErrorPolicy} once a call has failed: waits out the backoff before a
 * retry, then skips the record, writes it to the dead-letter sink, or fails the run. Counts what it
 * does in the step's {@link Tally}. Nothing here runs unless a record fails.
 *
 * <p>The backoff is measured by the pipeline clock, polled with an {@link Idler} while watching
 * the stop flag, so a test's clock drives it and a cancel ends it; it never sleeps on the real
 * clock.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final Step step;
  private final ErrorPolicy policy;
  private final String stageName;
  private final Tally tally;
  private final RunControl control;
  private final PipelineClock clock;
  private final DeadLetterChannel deadLetters;
  private final long skipLimit;
  private final Idler idler = new Idler();
  private final StrayInterrupt strayInterrupt;
  private StageFailedException ownFailure;

  Recovery(Step step, ErrorPolicy policy, Tally tally, RunControl control,
      DeadLetterChannel deadLetters) {
    this.step = step;
    this.policy = policy;
    this.stageName = step.name();
    this.tally = tally;
    this.control = control;
    this.clock = step.context().clock();
    this.deadLetters = deadLetters;
    this.skipLimit = policy.skipLimit().orElse(Long.MAX_VALUE);
    this.strayInterrupt = new StrayInterrupt(control, "stage '" + stageName + "'");
  }

  /** Whether a failed batch may be split to isolate its failing records. */
  boolean isolates() {
    return policy.action() != ErrorPolicy.Action.FAIL;
  }

  /**
   * Called after failed attempt number {@code attempt}: if the policy allows another, waits its
   * backoff and returns {@code true}.
   *
   * @throws Stopped if the run stops during the wait
   */
  boolean retry(int attempt, Throwable failure) {
    if (control.isStopped()) {
      throw Stopped.INSTANCE; // even with no backoff: a retry loop must not outlive a cancel
    }
    if (attempt >= policy.maxAttempts()) {
      return false;
    }
    tally.retried++;
    long wait = policy.backoffBefore(attempt + 1).toNanos();
    LOG.debug("pipeline '{}': stage '{}' failed (attempt {} of {}), retrying in {} ns: {}",
        control.pipelineName(), stageName, attempt, policy.maxAttempts(), wait, failure.toString());
    await(wait);
    return true;
  }

  /**
   * After {@code process} threw on a record: a stop or failure unwinding from downstream passes
   * through (a record processed alone is then stranded; a batch counts its own), a failure goes
   * to the policy, an error {@linkplain FatalErrors#isFatal fatal} to the JVM fails the run.
   *
   * @param carrier the batch carrying the record, or {@code null} under per-record dispatch
   */
  void recordThrew(Object record, List<Object> carrier, Throwable thrown) {
    try {
      if (thrown instanceof Stopped || thrown instanceof StageFailedException) {
        throw (RuntimeException) thrown;
      } else if (control.isStopped()) {
        // most likely the cancel's interrupt ending a blocked call: the record is stranded, not
        // failed, skipped or dead-lettered
        throw Stopped.INSTANCE;
      } else if (!FatalErrors.isFatal(thrown)) {
        recover(record, carrier, thrown);
      } else {
        throw fail(record, carrier, 1, thrown, null);
      }
    } catch (Stopped | StageFailedException e) {
      if (carrier == null && !isOwn(e)) {
        tally.stranded++; // the stop came while the record was in the stage's hands
      }
      throw e;
    }
  }

  /** Calls the record again after each backoff while attempts remain, then gives it its fate. */
  private void recover(Object record, List<Object> carrier, Throwable firstFailure) {
    Throwable failure = firstFailure;
    int attempt = 1;
    while (retry(attempt, failure)) {
      attempt++;
      failure = callAgain(record, carrier);
      if (failure == null) {
        return;
      }
    }
    settle(record, failure, attempt, step.context().flushReason(), carrier);
  }

  private Throwable callAgain(Object record, List<Object> carrier) {
    long before = tally.emitted;
    step.path().enterCall();
    try {
      step.stage().process(record, step);
    } catch (Stopped | StageFailedException e) {
      throw e;
    } catch (Throwable e) {
      if (FatalErrors.isFatal(e)) {
        throw fail(record, carrier, 1, e, null);
      }
      return e;
    } finally {
      step.path().exitCall();
    }
    step.path().count(before);
    return null;
  }

  /**
   * Gives one record whose attempts are used up its fate: skipped or dead-lettered (returns), or
   * the run fails (throws).
   *
   * @param carrier the batch that carried the record, or {@code null} under per-record dispatch
   */
  void settle(Object record, Throwable failure, int attempts, FlushReason reason,
      List<Object> carrier) {
    switch (policy.action()) {
      case FAIL -> throw fail(record, carrier, 1, failure, attemptsDetail(attempts));
      case SKIP -> {
        if (tally.skipped >= skipLimit) {
          throw fail(record, carrier, 1, failure, "skip limit " + skipLimit + " reached");
        }
        tally.skipped++;
        log("skipped", record, failure);
      }
      case DEAD_LETTER -> {
        DeadLetter letter = new DeadLetter(control.pipelineName(), stageName, record, failure,
            attempts, carrier == null ? null : reason, carrier == null ? 0 : carrier.size());
        try {
          deadLetters.write(letter);
        } catch (Exception | Error sinkFailure) { // an Error too: the record must get a fate
          if (control.isStopped() && !FatalErrors.isFatal(sinkFailure)) {
            // most likely the cancel's interrupt ending a blocked write: stranded, as a stage's
            throw Stopped.INSTANCE;
          }
          sinkFailure.addSuppressed(failure);
          throw fail(record, carrier, 1, sinkFailure, "its dead-letter sink failed");
        }
        tally.deadLettered++;
        log("dead-lettered", record, failure);
      }
      default -> throw new AssertionError(policy.action());
    }
  }

  /**
   * Gives every record of a batch that may not be split its fate, in order; under FAIL the whole
   * batch fails the run.
   */
  void settleAll(List<Object> records, Throwable failure, int attempts, FlushReason reason,
      List<Object> carrier) {
    if (policy.action() == ErrorPolicy.Action.FAIL) {
      throw fail(null, records, records.size(), failure, attemptsDetail(attempts));
    }
    for (Object record : records) {
      settle(record, failure, attempts, reason, carrier);
    }
  }

  /**
   * Gives each record a batch call reported failed its fate, with its own cause; under FAIL the
   * first fails the run and all of them count as failed.
   */
  void settleEach(List<Object> records, List<? extends Throwable> causes, int attempts, FlushReason reason,
      List<Object> carrier) {
    if (policy.action() == ErrorPolicy.Action.FAIL) {
      String others = records.size() > 1 ? (records.size() - 1) + " more record(s) of the batch "
          + "failed too" : null;
      String attemptsDone = attemptsDetail(attempts);
      String detail = attemptsDone == null ? others
          : others == null ? attemptsDone : attemptsDone + "; " + others;
      throw fail(records.get(0), carrier, records.size(), causes.get(0), detail);
    }
    for (int i = 0; i < records.size(); i++) {
      settle(records.get(i), causes.get(i), attempts, reason, carrier);
    }
  }

  /**
   * Records a failure of this step that ends the run, counting {@code records} as failed.
   *
   * @return the exception to throw
   */
  StageFailedException fail(Object record, List<?> batch, int records, Throwable cause,
      String detail) {
    tally.failed += records;
    ownFailure = control.fail(stageName, record, batch, cause, detail);
    return ownFailure;
  }

  /** Tells a failure this step raised (its records are counted) from one passing through. */
  boolean isOwn(RuntimeException e) {
    return e == ownFailure;
  }

  /** Returns the channel to the policy's dead-letter sink, or {@code null} if it has none. */
  DeadLetterChannel deadLetters() {
    return deadLetters;
  }

  /** Lets go of the dead-letter sink as the step closes; a failing close is recorded. */
  void release() {
    if (deadLetters != null) {
      try {
        deadLetters.release();
      } catch (Throwable e) {
        control.closeFailed(stageName, e, "closing its dead-letter sink failed");
      }
    }
  }

  private static String attemptsDetail(int attempts) {
    return attempts > 1 ? "after " + attempts + " attempts" : null;
  }

  private void log(String what, Object record, Throwable failure) {
    long count = tally.skipped + tally.deadLettered;
    if (count == 1) {
      LOG.warn("pipeline '{}': stage '{}' {} a record it failed on ({}); further ones are "
          + "counted in the report and logged at debug level", control.pipelineName(), stageName,
          what, failure.toString());
    } else {
      LOG.debug("pipeline '{}': stage '{}' {} record {}: {}", control.pipelineName(), stageName,
          what, record, failure.toString());
    }
  }

  private void await(long nanos) {
    if (nanos <= 0) {
      return;
    }
    long start = clock.nanoTime();
    long until = Nanos.saturatedAdd(start, nanos);
    idler.reset();
    for (long now = start; now - until < 0; now = clock.nanoTime()) {
      if (control.isStopped()) {
        throw Stopped.INSTANCE;
      }
      strayInterrupt.run(); // a flag the stage left set would turn the wait into a spin
      idler.idle(until - now);
    }
  }
}
