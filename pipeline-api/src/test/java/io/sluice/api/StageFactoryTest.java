package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What a runner that ships stages to other machines finds in a blueprint. */
class StageFactoryTest {

  /** A stage with a no-argument constructor, made per run. */
  static final class Doubler implements Stage<Integer, Integer> {
    @Override
    public void process(Integer record, Emitter<Integer> out) {
      out.emit(record * 2);
    }
  }

  /** A sink made per run. */
  static final class Discard implements Sink<Integer>, Serializable {
    @Override
    public void write(Integer record) {}
  }

  @Test
  void lambdasAndConstructorReferencesGivenAsFactoriesCanBeShippedAndMakeFreshInstances()
      throws Exception {
    Pipeline<Integer> pipeline = Pipeline.named("ship")
        .from("in", () -> Source.of(1, 2, 3))
        .stage("double", Doubler::new)
        .to("out", Discard::new, Dispatch.batched(10));

    for (String name : new String[] {"in", "double", "out"}) {
      StageFactory<?> factory = pipeline.stage(name).shippableFactory().orElseThrow();
      StageFactory<?> shipped = roundTrip(factory);
      assertThat(shipped.get()).isNotNull().isNotSameAs(factory.get());
    }
    assertThat(roundTrip(pipeline.stage("double").shippableFactory().orElseThrow()).get())
        .isInstanceOf(Doubler.class);
  }

  @Test
  void sharedInstancesAndFunctionsAreShippableExactlyWhenTheyAreSerializable() {
    Function<Integer, Integer> plain = x -> x + 1;
    Function<Integer, Integer> serializable = (Function<Integer, Integer> & Serializable) x -> x;
    Pipeline<Integer> pipeline = Pipeline.named("mixed")
        .from("in", Source.of(1))
        .map("plain", plain)
        .map("serializable", serializable)
        .stage("instance", new Doubler())
        .to("out", new Discard());

    assertThat(pipeline.stage("plain").shippableFactory()).isEmpty();
    assertThat(pipeline.stage("serializable").shippableFactory()).isPresent();
    assertThat(pipeline.stage("instance").shippableFactory()).isEmpty(); // Doubler is not
    assertThat(pipeline.stage("out").shippableFactory()).isPresent(); // Discard is
  }

  @Test
  void aFactoryPassedAsAPlainSupplierRunsLocallyButCannotBeShipped() {
    Supplier<Stage<Integer, Integer>> supplier = Doubler::new;
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.of(1))
        .stage("double", supplier)
        .to("out", r -> { });

    assertThat(pipeline.stage("double").shippableFactory()).isEmpty();
    assertThat(pipeline.stage("double").newStage()).isInstanceOf(Doubler.class);
  }

  private static StageFactory<?> roundTrip(StageFactory<?> factory) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(factory);
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      return (StageFactory<?>) in.readObject();
    }
  }
}
