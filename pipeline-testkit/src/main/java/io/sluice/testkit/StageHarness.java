package io.sluice.testkit;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.SideOutput;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import io.sluice.api.StageReport;
import io.sluice.runtime.engine.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drives one stage (or sink) on the calling thread, exactly as the runtime would under its
 * {@link Dispatch}, with no pipeline and no threads: feed records, advance a {@link VirtualClock},
 * end the stream, and read back what the stage emitted and every batch it was handed with its
 * flush reason.
 *
 * <pre>{@code
 * StageHarness<String, Integer> harness = StageHarness.of(new ParseStage())
 *     .dispatch(Dispatch.batched(3, Duration.ofMillis(100)));
 * harness.push("1", "2");
 * harness.advance(Duration.ofMillis(100));           // the batch of 2 is flushed with reason TIME
 * harness.push("3").end();                           // the last one with END_OF_STREAM
 * assertThat(harness.emitted()).containsExactly(1, 2, 3);
 * }</pre>
 *
 * <p>The harness keeps the stage lifecycle contract and lets a test check it: {@code open} is
 * called once, before the first record (or by {@link #open()}); {@code close} is called once, when
 * the stream ends, is drained, or the stage fails, including when {@code open} threw;
 * {@link #openCalls()} and {@link #closeCalls()} count the calls. A stage failure is thrown as the
 * {@link StageFailedException} the runtime would record, after the stage was closed.
 *
 * <p>Not thread-safe: use a harness from one thread.
 *
 * @param <I> the type of the records the stage receives
 * @param <O> the type of the records the stage emits ({@link Void} for a sink)
 */
public final class StageHarness<I, O> implements AutoCloseable {
  private final LifecycleProbe probe;
  private final StageKind kind;
  private final List<O> emitted = new ArrayList<>();
  /** What the stage emitted to each declared side output, by its name. */
  private final Map<String, List<Object>> sideEmitted = new LinkedHashMap<>();
  private String name = "stage";
  private Dispatch dispatch = Dispatch.perRecord();
  private VirtualClock clock = VirtualClock.create();
  private HarnessDriver driver;

  private StageHarness(Stage<?, ?> stage, StageKind kind) {
    this.probe = new LifecycleProbe(stage);
    this.kind = kind;
  }

  /**
   * Creates a harness for a stage, named {@code stage}, dispatched per record, on a new clock.
   *
   * @param stage the stage under test
   * @param <I> the input type
   * @param <O> the output type
   * @return the harness
   * @throws NullPointerException if {@code stage} is {@code null}
   */
  public static <I, O> StageHarness<I, O> of(Stage<I, O> stage) {
    return new StageHarness<>(Objects.requireNonNull(stage, "stage"), StageKind.STAGE);
  }

  /**
   * Creates a harness for a sink; it emits nothing, so {@link #emitted()} stays empty.
   *
   * @param sink the sink under test
   * @param <T> the record type
   * @return the harness
   * @throws NullPointerException if {@code sink} is {@code null}
   */
  public static <T> StageHarness<T, Void> ofSink(Sink<T> sink) {
    return new StageHarness<>(Step.sinkAsStage(Objects.requireNonNull(sink, "sink")),
        StageKind.SINK);
  }

  /**
   * Sets the stage name the stage sees in its context and failures name.
   *
   * @param stageName the name
   * @return this harness
   * @throws NullPointerException if {@code stageName} is {@code null}
   * @throws IllegalStateException if the stage was already opened
   */
  public StageHarness<I, O> named(String stageName) {
    requireNew("named");
    this.name = Objects.requireNonNull(stageName, "stageName");
    return this;
  }

  /**
   * Sets how records are handed to the stage; the default is {@link Dispatch#perRecord()}.
   *
   * @param newDispatch the dispatch
   * @return this harness
   * @throws NullPointerException if {@code newDispatch} is {@code null}
   * @throws IllegalArgumentException if the dispatch is invalid (batch size below 1, say)
   * @throws IllegalStateException if the stage was already opened
   */
  public StageHarness<I, O> dispatch(Dispatch newDispatch) {
    requireNew("dispatch");
    this.dispatch = Objects.requireNonNull(newDispatch, "dispatch").requireValidFor(name);
    return this;
  }

  /**
   * Declares a side output the stage emits to, as a pipeline connects one with
   * {@code sideOutputTo(...)}: what the stage emits there is kept, for {@link #emitted(SideOutput)}.
   * A stage emitting to a side output not declared fails, as in a pipeline connecting nothing to it.
   *
   * @param output the side output
   * @return this harness
   * @throws NullPointerException if {@code output} is {@code null}
   * @throws IllegalArgumentException if the harness drives a sink, which has no outputs
   * @throws IllegalStateException if the stage was already opened
   */
  public StageHarness<I, O> sideOutput(SideOutput<?> output) {
    requireNew("sideOutput");
    Objects.requireNonNull(output, "side output");
    if (kind == StageKind.SINK) {
      throw new IllegalArgumentException("stage '" + name + "' is a sink: it has no side outputs");
    }
    sideEmitted.putIfAbsent(output.name(), new ArrayList<>());
    return this;
  }

  /**
   * Uses a given clock instead of the harness's own, e.g. one shared with other harnesses or
   * injected by the JUnit extension.
   *
   * @param newClock the clock
   * @return this harness
   * @throws NullPointerException if {@code newClock} is {@code null}
   * @throws IllegalStateException if the stage was already opened
   */
  public StageHarness<I, O> clock(VirtualClock newClock) {
    requireNew("clock");
    this.clock = Objects.requireNonNull(newClock, "clock");
    return this;
  }

  /**
   * Returns the clock the stage sees and {@link #advance} moves.
   *
   * @return the clock
   */
  public VirtualClock clock() {
    return clock;
  }

  /**
   * Opens the stage now; otherwise the first {@link #push} opens it.
   *
   * @return this harness
   * @throws StageFailedException if the stage's {@code open} threw (the stage is then closed)
   * @throws IllegalStateException if the stage was already opened
   */
  public StageHarness<I, O> open() {
    requireNew("open");
    @SuppressWarnings("unchecked")
    List<Object> out = (List<Object>) emitted;
    Map<String, Emitter<Object>> sides = new LinkedHashMap<>();
    sideEmitted.forEach((port, records) -> sides.put(port, records::add));
    driver = new HarnessDriver(kind, probe, name, dispatch, clock,
        kind == StageKind.SINK ? null : out::add, sides);
    driver.open();
    return this;
  }

  /**
   * Feeds records to the stage, in order, as if they arrived now, together: as
   * {@link #pushAll(Iterable)}.
   *
   * @param records the records; none {@code null}
   * @return this harness
   */
  @SafeVarargs
  public final StageHarness<I, O> push(I... records) {
    List<I> list = new ArrayList<>(records.length);
    for (I record : records) {
      list.add(record);
    }
    return pushAll(list);
  }

  /**
   * Feeds records to the stage, in order, as if they arrived now, together: under
   * {@linkplain Dispatch#smart(int) smart batching} what is still pending after the last of them
   * is flushed with reason {@link FlushReason#ARRIVED}.
   *
   * @param records the records; none {@code null}
   * @return this harness
   * @throws NullPointerException if {@code records} or a record is {@code null}
   * @throws StageFailedException if the stage failed (it is then closed)
   * @throws IllegalStateException if the stream has ended
   */
  public StageHarness<I, O> pushAll(Iterable<? extends I> records) {
    Objects.requireNonNull(records, "records");
    openIfNew();
    for (I record : records) {
      Objects.requireNonNull(record, "record");
      requireOpen("push");
      driver.accept(record);
    }
    if (driver.isOpen()) {
      driver.arrived();
    }
    return this;
  }

  /**
   * Moves the clock forward; a batch whose maximum wait passes is flushed with reason TIME before
   * this returns. Same as {@code clock().advance(by)}.
   *
   * @param by how far
   * @return this harness
   * @throws IllegalArgumentException if {@code by} is negative
   * @throws StageFailedException if the stage failed on a flushed batch (it is then closed)
   */
  public StageHarness<I, O> advance(Duration by) {
    clock.advance(by);
    return this;
  }

  /**
   * Ends the stream: the pending batch, if any, is flushed with reason END_OF_STREAM and the stage
   * is closed.
   *
   * @return this harness
   * @throws StageFailedException if the stage failed on the last batch or in {@code close}
   * @throws IllegalStateException if the stream has already ended
   */
  public StageHarness<I, O> end() {
    return finish(FlushReason.END_OF_STREAM, "end");
  }

  /**
   * Drains as a pipeline's {@code close()} would: the pending batch, if any, is flushed with reason
   * DRAIN and the stage is closed.
   *
   * @return this harness
   * @throws StageFailedException if the stage failed on the last batch or in {@code close}
   * @throws IllegalStateException if the stream has already ended
   */
  public StageHarness<I, O> drain() {
    return finish(FlushReason.DRAIN, "drain");
  }

  /**
   * Drains the stage if it is still open (see {@link #drain()}); does nothing otherwise.
   *
   * @throws StageFailedException if the stage failed on the last batch or in {@code close}
   */
  @Override
  public void close() {
    if (driver != null && driver.isOpen()) {
      drain();
    }
  }

  private StageHarness<I, O> finish(FlushReason reason, String action) {
    openIfNew();
    requireOpen(action);
    driver.finish(reason);
    return this;
  }

  /**
   * Returns everything the stage emitted so far, in order.
   *
   * @return an immutable copy
   */
  public List<O> emitted() {
    return List.copyOf(emitted);
  }

  /**
   * Returns everything the stage emitted so far to a side output, in order.
   *
   * @param output a side output declared with {@link #sideOutput(SideOutput)}
   * @param <X> the type of its records
   * @return an immutable copy
   * @throws NullPointerException if {@code output} is {@code null}
   * @throws IllegalArgumentException if the side output was not declared
   */
  @SuppressWarnings("unchecked")
  public <X> List<X> emitted(SideOutput<X> output) {
    List<Object> records = sideEmitted.get(Objects.requireNonNull(output, "side output").name());
    if (records == null) {
      throw new IllegalArgumentException("stage '" + name + "': side output '" + output.name()
          + "' was not declared; call sideOutput(" + output.name() + ") before the first push");
    }
    return (List<X>) List.copyOf(records);
  }

  /**
   * Returns every batch handed to the stage so far, with its flush reason; empty under
   * {@link Dispatch#perRecord()}.
   *
   * @return an immutable copy
   */
  @SuppressWarnings("unchecked")
  public List<Batch<I>> batches() {
    List<?> batches = probe.batches();
    return List.copyOf((List<Batch<I>>) batches);
  }

  /**
   * Returns how many records wait in the batch being filled.
   *
   * @return the pending batch size; 0 before the stage was opened
   */
  public int pending() {
    return driver == null ? 0 : driver.pending();
  }

  /**
   * Returns how many times the stage's {@code open} was called.
   *
   * @return 0 before the first push, then 1
   */
  public int openCalls() {
    return probe.opens();
  }

  /**
   * Returns how many times the stage's {@code close} was called.
   *
   * @return 0 while the stream runs, 1 once it ended, was drained or failed
   */
  public int closeCalls() {
    return probe.closes();
  }

  /**
   * Tells whether the stage was closed (the stream ended, was drained, or the stage failed).
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return driver != null && !driver.isOpen();
  }

  /**
   * Returns the stage's counts as the runtime would report them.
   *
   * @return the report: records received and emitted, batches by flush reason
   */
  public StageReport report() {
    return driver == null ? StageReport.builder(name, kind).build() : driver.report();
  }

  private void openIfNew() {
    if (driver == null) {
      open();
    }
  }

  private void requireNew(String action) {
    if (driver != null) {
      throw new IllegalStateException("stage '" + name + "' is already open; call " + action
          + "(...) before the first push");
    }
  }

  private void requireOpen(String action) {
    if (!driver.isOpen()) {
      throw new IllegalStateException("cannot " + action + ": the stream of stage '" + name
          + "' has ended");
    }
  }

  @Override
  public String toString() {
    return "StageHarness of stage '" + name + "' " + dispatch + " on " + clock;
  }
}
