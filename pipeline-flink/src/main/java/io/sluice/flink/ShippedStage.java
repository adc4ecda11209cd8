package io.sluice.flink;

import io.sluice.api.Pipeline;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFactory;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * One node of a blueprint as it travels to Flink's tasks: its names, kind, settings and the
 * factory that makes one instance per subtask. Built before the job is submitted, so a node that
 * cannot travel is reported then, by name.
 */
final class ShippedStage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String pipelineName;
  private final String name;
  private final StageKind kind;
  private final StageFactory<?> factory;
  private final ShippedOptions options;

  private ShippedStage(String pipelineName, StageDefinition def, StageFactory<?> factory,
      InJvmReferences references) {
    this.pipelineName = pipelineName;
    this.name = def.name();
    this.kind = def.kind();
    this.factory = factory;
    this.options = ShippedOptions.of(def, references);
  }

  /**
   * Takes a node of the blueprint and checks that it serializes.
   *
   * @param references how to hand over a node that cannot be shipped, or {@code null} to refuse it
   * @throws IllegalArgumentException naming the node if its factory is not a shippable
   *     {@link StageFactory} or what it captures does not serialize
   */
  static ShippedStage of(Pipeline<?> pipeline, StageDefinition def, InJvmReferences references) {
    if (def.shippableFactory().isEmpty() && references != null) {
      return new ShippedStage(pipeline.name(), def, references.factory(def.name(),
          def.kind().isInput() ? def::newSource : def.kind().isSink() ? def::newSink
              : def::newStage), references);
    }
    StageFactory<?> factory = def.shippableFactory().orElseThrow(() ->
        new IllegalArgumentException("stage '" + def.name() + "' of pipeline '"
            + pipeline.name() + "' cannot be shipped to Flink's tasks: it was given as a "
            + "non-serializable instance or a plain Supplier; give a StageFactory (a lambda or "
            + "constructor reference such as MyStage::new) or a Serializable instance"));
    ShippedStage shipped = new ShippedStage(pipeline.name(), def, factory, references);
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(shipped);
    } catch (IOException e) {
      throw new IllegalArgumentException("stage '" + def.name() + "' of pipeline '"
          + pipeline.name() + "' cannot be shipped to Flink's tasks: its factory or settings "
          + "capture something that does not serialize (" + e + ")", e);
    }
    return shipped;
  }

  String pipelineName() {
    return pipelineName;
  }

  String name() {
    return name;
  }

  StageKind kind() {
    return kind;
  }

  ShippedOptions options() {
    return options;
  }

  /** Makes this subtask's instance; a factory that throws fails the stage, named. */
  Object newInstance() {
    try {
      Object made = factory.get();
      if (made == null) {
        throw new IllegalStateException("the factory returned null");
      }
      return made;
    } catch (RuntimeException | Error e) {
      throw new StageFailedException(pipelineName, name, null, null, e,
          "its factory threw when the Flink task started");
    }
  }

  @Override
  public String toString() {
    return name + " (" + kind + ")";
  }
}
