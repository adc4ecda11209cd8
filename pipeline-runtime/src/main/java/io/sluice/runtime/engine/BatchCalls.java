package io.sluice.runtime.engine;

import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.BatchRecordsFailedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a flushed batch through a stage. A stage that does not override {@code processBatch} is
 * called per record, each record under the error policy alone. One that does is called with the
 * batch under its error policy: the whole batch is called, and called again as often as the policy retries; if it still
 * fails, the batch is split in halves and each half called once, recursively, so that only records
 * that fail on their own take the policy's final action while every other record is processed, in
 * order. A stage that forbids splitting (or a policy that fails the run) has the whole batch take
 * the final action instead.
 *
 * <p>A call may instead say which records failed ({@link BatchRecordsFailedException}): the
 * others count as passed on, and only the listed ones take the policy, retried as a batch of their
 * own and then settled one by one with their own causes; no split, no extra call.
 *
 * <p>Isolating k failing records in a batch of n by splitting takes about {@code 2 k log2(n)}
 * extra calls. It relies on the batch contract: a call that throws had no visible effect. What a call emits is held
 * until it returns ({@link HeldOutput}) and dropped if it throws, so no record is passed on twice;
 * under fail-fast no batch is called twice and output goes straight on.
 */
final class BatchCalls {
  private final Step step;
  private final Stage<Object, Object> stage;
  private final Tally tally;
  private final Recovery recovery;
  private final List<Object> batch;
  private final boolean sink;
  private final HeldOutput held;
  private final boolean perRecord;
  private final boolean split;

  /**
   * @param batch the step's read-only view of its pending batch
   * @param perRecord whether the stage is called per record (it inherits processBatch)
   * @param hold whether a call's output is held until it returns
   * @param split whether failed batches are split to isolate their failing records
   */
  BatchCalls(Step step, Tally tally, Recovery recovery, List<Object> batch, boolean perRecord,
      boolean hold, boolean split) {
    this.perRecord = perRecord;
    this.step = step;
    this.stage = step.stage();
    this.tally = tally;
    this.recovery = recovery;
    this.batch = batch;
    this.sink = step.kind() == StageKind.SINK;
    this.held = hold ? new HeldOutput(step) : null;
    this.split = split;
  }

  /**
   * Runs the step's pending batch, which was flushed for {@code reason}, then clears it. If a stop
   * or a failure unwinds through, the records of the batch without a fate are stranded.
   */
  void run(FlushReason reason, PendingBatch pending) {
    int size = batch.size();
    Context context = step.context();
    context.flushReason(reason);
    long settledBefore = tally.settled();
    try {
      if (perRecord) {
        step.path().runAll(pending, batch); // one call per batch: the loop runs in the path's copy
      } else {
        callWhole(reason);
      }
    } catch (Stopped | StageFailedException e) {
      tally.stranded += size - (tally.settled() - settledBefore);
      throw e;
    } finally {
      pending.clear();
      context.flushReason(null);
    }
  }

  private void callWhole(FlushReason reason) {
    Throwable failure;
    int attempt = 1;
    while (true) {
      failure = call(batch);
      if (failure == null) {
        return;
      }
      if (failure instanceof BatchRecordsFailedException partial) {
        retryFailed(batch, partial, attempt, reason);
        return;
      }
      if (!recovery.retry(attempt, failure)) {
        break;
      }
      attempt++;
    }
    if (split && batch.size() > 1) {
      isolate(0, batch.size(), attempt, failure, reason);
    } else {
      recovery.settleAll(batch, failure, attempt, reason, batch);
    }
  }

  /**
   * Runs the two halves of {@code [from, to)}, which failed as a whole after {@code attempts}
   * calls, once each; a failing half is split again, a failing single record takes its fate.
   */
  private void isolate(int from, int to, int attempts, Throwable failure, FlushReason reason) {
    if (to - from == 1) {
      recovery.settle(batch.get(from), failure, attempts, reason, batch);
      return;
    }
    int mid = (from + to) >>> 1;
    runPart(from, mid, attempts, reason);
    runPart(mid, to, attempts, reason);
  }

  private void runPart(int from, int to, int attempts, FlushReason reason) {
    List<Object> part = Collections.unmodifiableList(batch.subList(from, to));
    Throwable failure = call(part);
    if (failure instanceof BatchRecordsFailedException partial) {
      retryFailed(part, partial, attempts + 1, reason);
    } else if (failure != null) {
      isolate(from, to, attempts + 1, failure, reason);
    }
  }

  /**
   * Gives the records a call reported failed (by their index in {@code part}) the policy: retried
   * as a batch of their own while attempts remain, then settled one by one with their own causes.
   */
  private void retryFailed(List<Object> part, BatchRecordsFailedException partial, int attempts,
      FlushReason reason) {
    List<Object> records = new ArrayList<>();
    List<Throwable> causes = new ArrayList<>();
    partial.failures().forEach((index, cause) -> {
      records.add(part.get(index));
      causes.add(cause);
    });
    int attempt = attempts;
    while (recovery.retry(attempt, causes.get(0))) {
      attempt++;
      List<Object> again = Collections.unmodifiableList(new ArrayList<>(records));
      Throwable failure = call(again);
      if (failure == null) {
        return;
      }
      records.clear();
      if (failure instanceof BatchRecordsFailedException stillFailing) {
        causes.clear();
        stillFailing.failures().forEach((index, cause) -> {
          records.add(again.get(index));
          causes.add(cause);
        });
      } else {
        records.addAll(again);
        causes.replaceAll(cause -> failure);
      }
    }
    recovery.settleEach(records, causes, attempt, reason, batch);
  }

  /**
   * Calls {@code processBatch} once with {@code part} and counts the part's records if it
   * succeeds: passed on if the call emitted anything, else filtered (a sink's are passed on).
   *
   * @return what the call threw, or {@code null} if it succeeded
   */
  private Throwable call(List<Object> part) {
    long before = tally.emitted;
    Emitter<Object> out = held != null ? held : step;
    step.path().enterCall();
    BatchRecordsFailedException partial = null;
    try {
      stage.processBatch(part, out);
    } catch (Stopped | StageFailedException e) {
      dropHeld();
      throw e;
    } catch (BatchRecordsFailedException e) {
      partial = checked(e, part); // the others succeeded: what the call emitted stands
    } catch (Throwable e) {
      dropHeld();
      if (FatalErrors.isFatal(e)) {
        throw recovery.fail(null, part, part.size(), e, null);
      }
      if (step.control().isStopped()) {
        throw Stopped.INSTANCE; // the cancel's interrupt ended the call: the batch is stranded
      }
      return e;
    } finally {
      step.path().exitCall();
    }
    long produced = held != null ? held.forward() : tally.emitted - before;
    int succeeded = part.size() - (partial == null ? 0 : partial.failures().size());
    if (produced == 0 && !sink) {
      tally.filtered += succeeded;
    } else {
      tally.passedOn += succeeded;
    }
    return partial;
  }

  /** Fails the run if a call reported a record it was not given; else returns the report. */
  private BatchRecordsFailedException checked(BatchRecordsFailedException partial,
      List<Object> part) {
    int last = partial.failures().lastKey();
    if (last >= part.size()) {
      dropHeld();
      throw recovery.fail(null, part, part.size(), new IllegalStateException("stage '"
          + step.name() + "' reported record " + last + " failed in a batch of " + part.size()
          + " records", partial), null);
    }
    return partial;
  }

  private void dropHeld() {
    if (held != null) {
      held.drop();
    }
  }
}
