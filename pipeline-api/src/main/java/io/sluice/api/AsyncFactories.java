package io.sluice.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The factories the DSL keeps for async stages: each makes a {@link SerialAsyncStage} around a
 * fresh {@link AsyncStage}, and is a {@link StageFactory shippable} one when the author's factory
 * (or {@code mapAsync} function) is. {@link Async} stays free of serialization: a shippable factory
 * carries its parts and rebuilds it.
 */
final class AsyncFactories {
  private AsyncFactories() {}

  /** The factory of {@code stageAsync}: shippable if {@code factory} is a {@link StageFactory}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Supplier<?> of(Supplier<? extends AsyncStage<?, ?>> factory, Async async) {
    if (!(factory instanceof StageFactory<?>)) {
      return () -> new SerialAsyncStage(factory.get(), async);
    }
    int maxInFlight = async.maxInFlight();
    boolean ordered = async.ordered();
    Duration timeout = async.timeout().orElse(null);
    return (StageFactory<Object>) () -> new SerialAsyncStage(factory.get(),
        rebuilt(maxInFlight, ordered, timeout));
  }

  /**
   * The factory of {@code mapAsync}: a stage holding only {@code call}, shippable if {@code call}
   * is {@link Serializable}.
   */
  static <T, R> Supplier<?> ofFunction(Function<? super T, ? extends CompletionStage<R>> call,
      Async async) {
    if (call instanceof Serializable) {
      return of((StageFactory<AsyncStage<T, R>>) () -> call::apply, async);
    }
    AsyncStage<T, R> stage = call::apply;
    return of(() -> stage, async);
  }

  private static Async rebuilt(int maxInFlight, boolean ordered, Duration timeout) {
    Async async = ordered ? Async.ordered(maxInFlight) : Async.unordered(maxInFlight);
    return timeout == null ? async : async.withTimeout(timeout);
  }
}
