package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.api.StageReportBuilder;
import io.sluice.runtime.engine.Context;
import io.sluice.runtime.engine.RunControl;
import io.sluice.runtime.engine.Step;
import java.util.Map;

/**
 * The working part of a {@link StageHarness}: one runtime step on the calling thread, registered
 * with the clock while open. A failure closes the stage before it is thrown; a failure recorded by
 * {@code close} itself is thrown once.
 */
final class HarnessDriver implements TimeDriven {
  private final String name;
  private final StageKind kind;
  private final VirtualClock clock;
  private final RunControl control = new RunControl("harness");
  private final Step step;
  private boolean open = true;
  private boolean busy;
  private boolean failureThrown;

  HarnessDriver(StageKind kind, LifecycleProbe probe, String name, Dispatch dispatch,
      VirtualClock clock, Emitter<Object> out, Map<String, Emitter<Object>> sideOutputs) {
    this.name = name;
    this.kind = kind;
    this.clock = clock;
    this.step = new Step(kind, probe, new Context("harness", name, dispatch, clock), control);
    step.observeFlushes(probe::flushed);
    if (out != null) {
      step.connect(out);
    }
    sideOutputs.forEach(step::connectSide);
  }

  void open() {
    clock.register(this);
    drive(step::open);
  }

  void accept(Object record) {
    drive(() -> step.accept(record));
  }

  /** Under smart batching, flushes what the last push gave: nothing more has arrived. */
  void arrived() {
    drive(step::flushArrived);
  }

  void finish(FlushReason reason) {
    drive(() -> step.flush(reason));
    close();
  }

  boolean isOpen() {
    return open;
  }

  int pending() {
    return step.pending();
  }

  StageReport report() {
    StageReportBuilder row = step.report(0);
    if (!kind.isSink()) {
      step.emittedByPort().forEach(row::emittedBy); // out, then each declared side output
    }
    return row.build();
  }

  private void drive(Runnable work) {
    busy = true;
    try {
      work.run();
    } catch (StageFailedException e) {
      fail(e);
    } catch (Error e) {
      // an assertion failing inside the stage fails it like an exception, as on the runtime
      fail(control.fail(name, null, null, e));
    } finally {
      busy = false;
    }
    StageFailedException failure = control.failure(); // the step keeps its failure to itself
    if (failure != null && !failureThrown) {
      fail(failure);
    }
  }

  private void fail(StageFailedException failure) {
    busy = false;
    failureThrown = true;
    close();
    throw failure;
  }

  /** Closes the stage once; a failure recorded and not yet thrown (a failing close) is thrown. */
  private void close() {
    if (!open) {
      return;
    }
    open = false;
    clock.unregister(this);
    try {
      step.close(); // records an exception of the stage's close itself
    } catch (Error e) {
      control.fail(name, null, null, e);
    }
    StageFailedException failure = control.failure();
    if (failure != null && !failureThrown) {
      failureThrown = true;
      throw failure;
    }
  }

  @Override
  public long nextDeadline() {
    return open ? step.deadline() : Long.MAX_VALUE;
  }

  @Override
  public void fireDue(long now) {
    if (!open) {
      return;
    }
    if (busy) {
      throw new IllegalStateException("stage '" + name + "' advanced the virtual clock while it "
          + "was processing; advance it from the test");
    }
    drive(() -> step.flushIfDue(now));
  }

  @Override
  public void advanced(long now) {
    // a harness has no source to poll
  }

  @Override
  public String toString() {
    return "harness of stage '" + name + "' on " + clock;
  }
}
