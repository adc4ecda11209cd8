package io.sluice.runtime.engine;

import io.sluice.api.Async;
import io.sluice.api.AsyncStage;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.PipelineClock;
import io.sluice.api.StageDefinition;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

/**
 * An async node: up to {@link Async#maxInFlight()} calls of an {@link AsyncStage} in flight on one
 * thread, no thread per call. A <em>launcher</em> {@link Step} batches the input under the
 * stage's dispatch exactly as any step does (SIZE, TIME, ARRIVED, END_OF_STREAM, DRAIN) and, for
 * each record or batch it flushes, queues an {@link AsyncCall}; calls start while fewer than the
 * bound are in flight. Completions (from any thread) are queued and taken on the node's thread,
 * where they are released: in start order when ordered, as they come otherwise. A call that failed
 * (it threw, its stage completed exceptionally, or it timed out on the pipeline clock) is handed,
 * when its turn comes, to a <em>failure step</em>: a {@link Step} with the stage's error policy
 * whose first call rethrows the failure and whose later calls (retries, the halves of a split
 * batch) call the stage again and wait for the answer. So retries, skips, dead letters, batch
 * isolation and fail-fast are the ones every stage has. Checkpoint barriers wait in
 * {@link AsyncBarriers} for the calls before them.
 */
public final class AsyncNode implements ConcurrentNode, BarrierGate {
  private final Step summary;
  private final AsyncStage<Object, Object> stage;
  private final int maxInFlight;
  private final boolean ordered;
  private final long timeoutNanos;
  private final PipelineClock clock;
  private final Context context;
  private final Step launcher;
  private final Step recordFailures;
  private final Step batchFailures;
  private final AsyncRetrier retrier;
  private final ArrayDeque<AsyncCall> calls = new ArrayDeque<>();
  private final ArrayDeque<AsyncCall> notStarted = new ArrayDeque<>();
  private final Queue<AsyncCall> completed = new ConcurrentLinkedQueue<>();
  private final AsyncBarriers barriers = new AsyncBarriers();
  private long queuedCalls;
  /** Unordered: calls completed after a barrier still inside, not released yet. */
  private int heldBehindBarrier;
  private volatile Runnable onCompletion = () -> { };
  private int inFlight;
  private long passedOn;
  private long filtered;
  private long ownStranded;

  @SuppressWarnings("unchecked")
  AsyncNode(RunPlan plan, StageDefinition def, Step summary, AsyncStage<?, ?> stage, Async async,
      DeadLetterChannel deadLetters, boolean timing) {
    this.summary = summary;
    this.stage = (AsyncStage<Object, Object>) stage;
    this.maxInFlight = async.maxInFlight();
    this.ordered = async.ordered();
    this.timeoutNanos = async.timeout().map(java.time.Duration::toNanos).orElse(0L);
    this.retrier = new AsyncRetrier(this.stage, def.name(), timeoutNanos);
    this.clock = plan.pipeline().clock();
    String pipeline = plan.pipeline().name();
    Dispatch dispatch = def.dispatch();
    this.context = new Context(pipeline, def.name(), dispatch, clock);
    this.launcher = internal(new Step(def.kind(),
        new AsyncLauncher(this.stage, context, this::queue), context, plan.control()), timing);
    Emitter<Object> release = summary::pass;
    launcher.connect(record -> { }); // the launcher emits nothing: outputs come with completions
    this.recordFailures = internal(new Step(def.kind(), retrier,
        new Context(pipeline, def.name(), Dispatch.perRecord(), clock), plan.control(),
        def.errorPolicy(), deadLetters), timing);
    recordFailures.connect(release);
    this.batchFailures = !dispatch.isBatched() ? null : internal(new Step(def.kind(), retrier,
        new Context(pipeline, def.name(), Dispatch.batched(dispatch.maxSize()), clock),
        plan.control(), def.errorPolicy(), deadLetters), timing);
    if (batchFailures != null) {
      batchFailures.connect(release);
    }
  }

  private static Step internal(Step step, boolean timing) {
    if (!timing) {
      step.useMeters(new StageMeters(false));
    }
    return step;
  }

  @Override
  public String name() {
    return summary.name();
  }

  /**
   * Sets what runs when a call completes, on the completing thread: the local runner rings the
   * node thread's doorbell; the deterministic runner releases at once if on its thread.
   *
   * @param hook a quick, thread-safe action
   */
  public void onCompletion(Runnable hook) {
    this.onCompletion = hook;
  }

  /**
   * Says whether a retry or a split batch may wait for the calls it makes: not on the
   * deterministic runner, whose one thread would wait for itself; such a call must then be
   * complete as soon as it is made.
   *
   * @param wait {@code false} on a runner with one thread
   */
  public void waitForRetries(boolean wait) {
    retrier.waitForCalls(wait);
  }

  /** Hands the launcher one record: it joins a batch, or becomes a call, under the dispatch. */
  void feed(Object record) {
    launcher.accept(record);
    startWhatFits();
  }

  /** Tells whether a call waits for a free slot: the node takes no more input then. */
  boolean full() {
    return !notStarted.isEmpty();
  }

  boolean hasCompletions() {
    return !completed.isEmpty();
  }

  private void startWhatFits() {
    while (inFlight < maxInFlight && !notStarted.isEmpty()) {
      start(notStarted.poll());
    }
  }

  private void start(AsyncCall call) {
    inFlight++;
    call.started = true;
    call.startNanos = summary.meters().timing() ? System.nanoTime() : 0L;
    if (timeoutNanos > 0) {
      call.deadline = Nanos.saturatedAdd(clock.nanoTime(), timeoutNanos);
    }
    call.result.whenComplete((value, failure) -> {
      completed.add(call);
      onCompletion.run();
    });
    call.callOn(stage, name());
  }

  /** Takes the completions queued so far and releases what is due; {@code true} if any. */
  boolean release() {
    boolean any = false;
    for (AsyncCall call = completed.poll(); call != null; call = completed.poll()) {
      call.done = true;
      any = true;
      if (ordered) {
        inFlight--;
      } else if (call.seq < barriers.releasableBelow()) {
        calls.remove(call);
        inFlight--;
        settle(call);
      } else {
        heldBehindBarrier++; // released once the barrier left, holding its slot meanwhile
      }
    }
    settleDue();
    startWhatFits();
    return any;
  }

  /** Settles the calls now due and lets out each barrier whose calls before it are settled. */
  private void settleDue() {
    do {
      long below = barriers.releasableBelow();
      if (ordered) {
        while (!calls.isEmpty() && calls.peek().done && calls.peek().seq < below) {
          settle(calls.poll());
        }
      } else if (heldBehindBarrier > 0) {
        for (Iterator<AsyncCall> it = calls.iterator(); it.hasNext(); ) {
          AsyncCall call = it.next();
          if (call.seq >= below) {
            break; // calls are in start order
          }
          if (call.done) {
            it.remove();
            inFlight--;
            heldBehindBarrier--;
            settle(call);
          }
        }
      }
    } while (barriers.leaveIfClear(calls.isEmpty() ? Long.MAX_VALUE : calls.peek().seq,
        hasFailed()));
  }

  private boolean hasFailed() {
    return launcher.hasFailed() || recordFailures.hasFailed()
        || (batchFailures != null && batchFailures.hasFailed());
  }

  @Override
  public void enter(Barrier barrier, BarrierGate.Exit exit) {
    launcher.flush(FlushReason.CHECKPOINT); // every record before the barrier is in a call
    barriers.enter(barrier, queuedCalls, exit);
    startWhatFits();
    release(); // a call that completed as it started is taken now: the barrier may leave with it
  }

  @Override
  public void releaseAll() {
    barriers.releaseAll();
    settleDue();
  }

  private void settle(AsyncCall call) {
    int size = call.records.size();
    if (call.startNanos != 0L) {
      long nanos = System.nanoTime() - call.startNanos;
      if (call.batch) {
        summary.meters().batch(size, nanos);
      } else {
        summary.meters().records(1, nanos);
      }
    }
    if (recordFailures.hasFailed() || (batchFailures != null && batchFailures.hasFailed())) {
      ownStranded += size; // the node failed: what reaches it is stranded, as at any failed step
      return;
    }
    Object value;
    try {
      value = call.result.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      retrier.failFirstWith(AsyncCall.unwrap(e));
      if (call.batch) {
        for (Object record : call.records) {
          batchFailures.accept(record);
        }
        batchFailures.flush(call.reason);
      } else {
        recordFailures.accept(call.records.get(0));
      }
      retrier.failFirstWith(null);
      return;
    }
    if (call.batch) {
      List<?> outputs = value == null ? List.of() : (List<?>) value;
      for (Object output : outputs) {
        if (output != null) {
          summary.pass(output);
        }
      }
      if (outputs.isEmpty()) {
        filtered += size;
      } else {
        passedOn += size;
      }
    } else if (value != null) {
      summary.pass(value);
      passedOn++;
    } else {
      filtered++;
    }
  }

  /** Times out the calls past their deadline; returns the next deadline, batches' included. */
  long timeOut(long now) {
    launcher.flushIfDue(now);
    startWhatFits();
    long next = launcher.deadline();
    for (AsyncCall call : calls) {
      if (call.started && !call.result.isDone()) {
        if (now - call.deadline >= 0) {
          call.result.completeExceptionally(new TimeoutException("async call of stage '"
              + name() + "' took longer than " + java.time.Duration.ofNanos(timeoutNanos)));
        } else {
          next = Math.min(next, call.deadline);
        }
      }
    }
    return next;
  }

  /**
   * Publishes the summary's counts as records leave, with the records the launcher took so far:
   * what a completion released is counted emitted at once, and a snapshot must never show more
   * out than in (its fates and batches stay those of the last {@link #rollUp()}). On the node's
   * thread, which runs the launcher.
   */
  void publishSummary() {
    summary.tally().received = launcher.tally().received;
    summary.tally().publish();
  }

  /** Rolls the counts of the launcher, the failure steps and the releases up into the summary. */
  void rollUp() {
    RollUp.async(summary, launcher, batchFailures == null ? List.of(recordFailures)
        : List.of(recordFailures, batchFailures), passedOn, filtered, ownStranded);
  }

  /** Publishes the internal steps' counts; on the node's thread. */
  void publishSteps() {
    launcher.tally().publish();
    recordFailures.tally().publish();
    if (batchFailures != null) {
      batchFailures.tally().publish();
    }
  }

  Step summary() {
    return summary;
  }

  // ---- ConcurrentNode: inline driving (and the end, shared with the local runner) ----

  @Override
  public void open() {
    launcher.open(); // opens the async stage, once
    recordFailures.open();
    if (batchFailures != null) {
      batchFailures.open();
    }
  }

  @Override
  public Emitter<Object> input(EdgeCount count) {
    return new NodeInput(summary, count, record -> {
      count.received++;
      feed(record);
      release();
    });
  }

  @Override
  public void releaseCompleted() {
    release();
  }

  @Override
  public void flushArrived() {
    launcher.flushArrived();
    startWhatFits();
    release();
  }

  @Override
  public long deadline() {
    long next = launcher.deadline();
    for (AsyncCall call : calls) {
      if (call.started && !call.result.isDone()) {
        next = Math.min(next, call.deadline);
      }
    }
    return next;
  }

  @Override
  public void fireDue(long now) {
    timeOut(now);
    release();
  }

  @Override
  public void end(FlushReason reason) {
    launcher.flush(reason);
    startWhatFits();
    release();
  }

  @Override
  public boolean isIdle() {
    return calls.isEmpty() && completed.isEmpty() && launcher.pending() == 0
        && barriers.isEmpty();
  }

  @Override
  public void abandonPending() {
    launcher.abandonPending();
    for (AsyncCall call : calls) {
      ownStranded += call.records.size(); // in flight or waiting to start: no fate yet
    }
    calls.clear();
    notStarted.clear();
    heldBehindBarrier = 0;
  }

  @Override
  public void close() {
    launcher.close(); // closes the async stage if it was opened
    recordFailures.close();
    if (batchFailures != null) {
      batchFailures.close();
    }
    summary.close();
  }

  @Override
  public void settle() {
    publishSteps();
    rollUp();
  }

  private void queue(AsyncCall call) {
    call.seq = queuedCalls++;
    calls.add(call);
    notStarted.add(call);
  }
}
