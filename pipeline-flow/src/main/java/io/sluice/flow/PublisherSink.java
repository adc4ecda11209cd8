package io.sluice.flow;

import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

/**
 * A {@link Sink} whose records a {@link Flow.Publisher} hands to one subscriber, at the pace the
 * subscriber asks for: a pipeline's output as a publisher. Made by {@link Flows#publisherSink()}.
 *
 * <pre>{@code
 * PublisherSink<Alert> alerts = Flows.publisherSink();
 * RunningPipeline<Payment> run = Pipeline.named("fraud")
 *     .from("payments", Flows.source(payments))
 *     .stage("rules", new FraudRules())
 *     .to("alerts", alerts)
 *     .start();
 * Flow.Publisher<Alert> out = alerts.publisher(run);   // subscribe to this
 * }</pre>
 *
 * <p><b>Backpressure.</b> {@link #write} waits until the subscriber has requested a record, then
 * calls its {@code onNext} on the sink's thread; while it waits, the rings before the sink fill and
 * the source slows down. Records wait the same way until someone subscribes. A batched dispatch
 * delivers a batch record by record as demand allows.
 *
 * <p><b>The end.</b> When the run ends, the subscriber receives {@code onComplete} after the last
 * record if the run {@linkplain PipelineReport.Outcome#COMPLETED completed} or was
 * {@linkplain PipelineReport.Outcome#DRAINED drained}; {@code onError} with the run's
 * {@link io.sluice.api.StageFailedException} (naming the failed stage and record) if it failed; and
 * {@code onError} with a {@link CancellationException} if it was cancelled by anyone but the
 * subscriber. The signal needs the run, which is why the publisher is obtained from
 * {@link #publisher}; it may be subscribed to before or after the run starts.
 *
 * <p><b>Cancellation.</b> The subscriber's {@code cancel} does what {@link WhenSubscriberCancels}
 * says: by default it cancels the run.
 *
 * <p><b>Limits.</b> One subscriber (a second one receives {@code onError}), for one run: the sink
 * is shared by every run of a blueprint given this instance, so each run needs a new sink and
 * blueprint, and a second open is refused. A subscriber that neither requests nor cancels holds the
 * run: the sink's thread waits for it, and {@code RunningPipeline.cancel()} cannot stop that wait,
 * since the api tells a sink nothing of a run that stops; cancel the subscription instead.
 *
 * @param <T> the record type
 */
public final class PublisherSink<T> implements Sink<T> {
  private final WhenSubscriberCancels whenCancelled;
  private final Outlet<T> outlet;
  private final Object lock = new Object();
  // guarded by lock
  private String name = "a publisher sink";
  private boolean opened;
  private Thread owner; // the sink's thread: open and close of its one run happen on it
  private boolean closed;
  private RunningPipeline<?> run;
  private boolean waiting;

  PublisherSink(WhenSubscriberCancels whenCancelled) {
    this.whenCancelled = Objects.requireNonNull(whenCancelled, "whenCancelled");
    this.outlet = new Outlet<>("publisher sink", this::subscriberCancelled);
  }

  /**
   * Returns the publisher of this sink's records in {@code run}, to subscribe to (once). Call it
   * with the run started from the blueprint this sink ends, before or after the run ends.
   *
   * @param run the run whose outcome ends the stream and which the subscriber's cancel acts on
   * @return the publisher
   * @throws NullPointerException if {@code run} is {@code null}
   * @throws IllegalStateException if the sink was already given another run
   */
  public Flow.Publisher<T> publisher(RunningPipeline<?> run) {
    Objects.requireNonNull(run, "run");
    boolean endNow;
    synchronized (lock) {
      if (this.run != null && this.run != run) {
        throw new IllegalStateException(name + " belongs to a run of pipeline '"
            + this.run.name() + "' already; make a new sink for each run, not for pipeline '"
            + run.name() + "'");
      }
      this.run = run;
      // closed: the run is ending; done but never opened: it failed before reaching this sink
      endNow = (closed || !opened && run.isDone()) && !waiting;
      waiting |= endNow;
    }
    if (endNow) {
      awaitEnd(run);
    }
    return outlet;
  }

  /**
   * Starts the run, once.
   *
   * @throws IllegalStateException if the sink was opened before: it serves one run
   */
  @Override
  public void open(StageContext context) {
    synchronized (lock) {
      if (opened) {
        throw new IllegalStateException("sink '" + context.stageName() + "' of pipeline '"
            + context.pipelineName() + "' is a publisher sink that already served a run; make a "
            + "new one (Flows.publisherSink()) for each run");
      }
      opened = true;
      owner = Thread.currentThread();
      name = "sink '" + context.stageName() + "' of pipeline '" + context.pipelineName() + "'";
      outlet.rename(name);
    }
  }

  /**
   * Waits until the subscriber has asked for a record, then hands it over; discards it if the
   * subscription was cancelled.
   *
   * @throws InterruptedException if interrupted while waiting for demand
   */
  @Override
  public void write(T record) throws InterruptedException {
    outlet.deliver(record);
  }

  /** Takes no more records; the stream ends when the run has ended, with its outcome. */
  @Override
  public void close() {
    RunningPipeline<?> known;
    synchronized (lock) {
      if (owner != Thread.currentThread()) {
        return; // the close of a second run refused at open: the first run is not over
      }
      closed = true;
      known = waiting ? null : run;
      waiting |= known != null;
    }
    if (known != null) {
      awaitEnd(known);
    }
  }

  /**
   * Sends the terminal signal when {@code run} has ended. The sink is closed by then, but its run
   * ends only after the sink's thread does, so the wait happens on a short-lived thread of its own.
   */
  private void awaitEnd(RunningPipeline<?> ending) {
    if (ending.isDone()) {
      outlet.finish(RunOutcomes.terminalSignal(ending));
      return;
    }
    Thread waiter = new Thread(() -> outlet.finish(RunOutcomes.terminalSignal(ending)),
        "sluice-flow-" + ending.name() + "-end");
    waiter.setDaemon(true);
    waiter.start();
  }

  private void subscriberCancelled() {
    RunningPipeline<?> target;
    synchronized (lock) {
      target = run;
    }
    if (target == null) {
      return; // cannot happen: the publisher is only handed out with its run
    }
    switch (whenCancelled) {
      case CANCEL_RUN -> target.cancel();
      case DRAIN_RUN -> RunOutcomes.closeInBackground(target);
      case DISCARD_RECORDS -> { }
      default -> throw new AssertionError(whenCancelled);
    }
  }

  @Override
  public String toString() {
    return "Flows.publisherSink(" + whenCancelled + ")";
  }
}
