package io.sluice.testkit;

import io.sluice.api.AsyncStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An {@link AsyncStage} whose calls the test completes, in any order: on the deterministic runner
 * a test can complete call 2 before call 1 and see what leaves the stage at once (nothing, if the
 * stage is ordered). Calls are numbered from 0 in the order the runner starts them.
 *
 * <pre>{@code
 * TestAsyncStage<String, String> lookup = TestAsyncStage.create();
 * ... .stageAsync("lookup", () -> lookup, Async.ordered(4)) ...
 * lookup.call(1).complete("B");   // held back: call 0 is still in flight
 * lookup.call(0).complete("A");   // now A then B leave the stage
 * lookup.call(2).fail(new IOException("down"));   // to the stage's error policy
 * }</pre>
 *
 * <p>{@link #answering(Function)} makes a stage that completes each call as it starts, which a
 * retry or a batch split on the deterministic runner needs (its one thread cannot wait). Use the
 * stage on the test's thread; a run's instance serves one run at a time.
 *
 * @param <I> input record type
 * @param <O> output record type
 */
public final class TestAsyncStage<I, O> implements AsyncStage<I, O> {
  private final Function<? super I, ? extends O> answer;
  private final List<Call<I, O>> calls = new ArrayList<>();

  private TestAsyncStage(Function<? super I, ? extends O> answer) {
    this.answer = answer;
  }

  /**
   * A stage whose calls stay in flight until the test completes them.
   *
   * @param <I> input record type
   * @param <O> output record type
   * @return the stage
   */
  public static <I, O> TestAsyncStage<I, O> create() {
    return new TestAsyncStage<>(null);
  }

  /**
   * A stage that completes each call as it starts, with {@code answer} of each record (a
   * {@code null} answer emits nothing; an answer that throws fails the call).
   *
   * @param answer the output of a record
   * @param <I> input record type
   * @param <O> output record type
   * @return the stage
   * @throws NullPointerException if {@code answer} is {@code null}
   */
  public static <I, O> TestAsyncStage<I, O> answering(Function<? super I, ? extends O> answer) {
    return new TestAsyncStage<>(Objects.requireNonNull(answer, "answer"));
  }

  @Override
  public CompletionStage<O> call(I record) {
    Call<I, O> call = new Call<>(calls.size(), List.of(record), false);
    calls.add(call);
    if (answer != null) {
      call.answer(answer);
    }
    return call.single;
  }

  @Override
  public CompletionStage<List<O>> callBatch(List<I> batch) {
    Call<I, O> call = new Call<>(calls.size(), List.copyOf(batch), true);
    calls.add(call);
    if (answer != null) {
      call.answer(answer);
    }
    return call.batch;
  }

  /**
   * Returns a call by number.
   *
   * @param index the call's number, from 0 in start order
   * @return the call
   * @throws IndexOutOfBoundsException naming how many calls were made, if there is no such call
   */
  public Call<I, O> call(int index) {
    if (index < 0 || index >= calls.size()) {
      throw new IndexOutOfBoundsException("call " + index + " was not made: " + calls.size()
          + " calls so far");
    }
    return calls.get(index);
  }

  /**
   * Returns every call made so far, in start order.
   *
   * @return the calls
   */
  public List<Call<I, O>> calls() {
    return List.copyOf(calls);
  }

  /**
   * Returns the calls not completed yet, in start order.
   *
   * @return the calls in flight
   */
  public List<Call<I, O>> inFlight() {
    return calls.stream().filter(call -> !call.isDone()).toList();
  }

  /**
   * One call: its records and the means to end it.
   *
   * @param <I> input record type
   * @param <O> output record type
   */
  public static final class Call<I, O> {
    private final int index;
    private final List<I> records;
    private final boolean isBatch;
    private final CompletableFuture<O> single = new CompletableFuture<>();
    private final CompletableFuture<List<O>> batch = new CompletableFuture<>();

    private Call(int index, List<I> records, boolean isBatch) {
      this.index = index;
      this.records = records;
      this.isBatch = isBatch;
    }

    /**
     * Returns the record of a per-record call.
     *
     * @return the record
     * @throws IllegalStateException if this is a batch call
     */
    public I record() {
      state(!isBatch, "call %s is a batch call of %s records", index,
          records.size());
      return records.get(0);
    }

    /**
     * Returns the records of the call: one, or the batch.
     *
     * @return the records
     */
    public List<I> records() {
      return records;
    }

    /**
     * Tells whether the call carries a batch ({@link AsyncStage#callBatch}).
     *
     * @return {@code true} for a batch call
     */
    public boolean isBatch() {
      return isBatch;
    }

    /**
     * Completes a per-record call.
     *
     * @param output the output, or {@code null} for none
     * @throws IllegalStateException if this is a batch call or it already ended
     */
    public void complete(O output) {
      state(!isBatch, "call %s is a batch call: use completeBatch", index);
      state(single.complete(output), "call %s already ended", index);
    }

    /**
     * Completes a batch call.
     *
     * @param outputs the outputs of the batch
     * @throws IllegalStateException if this is a per-record call or it already ended
     */
    public void completeBatch(List<O> outputs) {
      state(isBatch, "call %s is a per-record call: use complete", index);
      state(batch.complete(List.copyOf(outputs)), "call %s already ended",
          index);
    }

    /**
     * Fails the call: the stage's error policy takes its record or batch.
     *
     * @param failure the failure
     * @throws IllegalStateException if it already ended
     */
    public void fail(Throwable failure) {
      Objects.requireNonNull(failure, "failure");
      state((isBatch ? batch : single).completeExceptionally(failure),
          "call %s already ended", index);
    }

    /**
     * Tells whether the call ended.
     *
     * @return {@code true} once completed or failed
     */
    public boolean isDone() {
      return (isBatch ? batch : single).isDone();
    }

    private static void state(boolean ok, String format, Object... args) {
      if (!ok) {
        throw new IllegalStateException(String.format(format, args));
      }
    }

    private void answer(Function<? super I, ? extends O> answer) {
      try {
        if (isBatch) {
          List<O> outputs = new ArrayList<>();
          for (I record : records) {
            O output = answer.apply(record);
            if (output != null) {
              outputs.add(output);
            }
          }
          batch.complete(outputs);
        } else {
          single.complete(answer.apply(records.get(0)));
        }
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    @Override
    public String toString() {
      return "call " + index + " " + (isBatch ? "batch " : "") + records
          + (isDone() ? " (done)" : " (in flight)");
    }
  }
}
