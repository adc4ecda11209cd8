package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Async stages are shippable exactly when the author's factory or function is. */
class AsyncFactoriesTest {

  /** An async stage with a no-argument constructor. */
  static final class Lookup implements AsyncStage<Integer, Integer> {
    @Override
    public CompletionStage<Integer> call(Integer record) {
      return CompletableFuture.completedFuture(record + 1);
    }
  }

  @Test
  void aStageFactoryOrSerializableFunctionShipsWithItsAsyncSetting() throws Exception {
    Async rateAsync = Async.unordered(8).withTimeout(Duration.ofMillis(1500));
    Function<Integer, CompletionStage<Integer>> call =
        (Function<Integer, CompletionStage<Integer>> & Serializable)
            x -> CompletableFuture.completedFuture(x * 2);
    Pipeline<Integer> pipeline = Pipeline.named("async")
        .from("in", () -> Source.of(1))
        .stageAsync("rate", Lookup::new, rateAsync)
        .mapAsync("double", call, Async.ordered(3))
        .to("out", (StageFactory<Sink<Integer>>) () -> record -> {}, Dispatch.perRecord());

    SerialAsyncStage<?, ?> rate = shipped(pipeline, "rate");
    SerialAsyncStage<?, ?> doubled = shipped(pipeline, "double");

    assertThat(rate.async()).isEqualTo(rateAsync);
    assertThat(rate.asyncStage()).isInstanceOf(Lookup.class);
    assertThat(doubled.async()).isEqualTo(Async.ordered(3));
    @SuppressWarnings("unchecked")
    AsyncStage<Integer, Integer> doubling = (AsyncStage<Integer, Integer>) doubled.asyncStage();
    assertThat(doubling.call(21).toCompletableFuture().join()).isEqualTo(42);
  }

  @Test
  void aPlainSupplierOrFunctionIsNotShippable() {
    Supplier<Lookup> plainFactory = Lookup::new;
    Function<Integer, CompletionStage<Integer>> plainCall =
        x -> CompletableFuture.completedFuture(x);
    Pipeline<Integer> pipeline = Pipeline.named("local-async")
        .from("in", () -> Source.of(1))
        .stageAsync("rate", plainFactory, Async.ordered(2))
        .mapAsync("same", plainCall, Async.ordered(2))
        .to("out", (StageFactory<Sink<Integer>>) () -> record -> {}, Dispatch.perRecord());

    assertThat(pipeline.stage("rate").shippableFactory()).isEmpty();
    assertThat(pipeline.stage("same").shippableFactory()).isEmpty();
    assertThat(pipeline.stage("rate").newStage()).isInstanceOf(SerialAsyncStage.class);
  }

  private static SerialAsyncStage<?, ?> shipped(Pipeline<?> pipeline, String stage)
      throws Exception {
    StageFactory<?> factory = pipeline.stage(stage).shippableFactory().orElseThrow();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(factory);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (SerialAsyncStage<?, ?>) ((StageFactory<?>) in.readObject()).get();
    }
  }
}
