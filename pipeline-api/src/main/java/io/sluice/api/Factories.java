package io.sluice.api;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * The factories the DSL keeps for instances the author passed: they hand out that one instance,
 * and are {@link StageFactory shippable} when what they hand out can be serialized.
 */
final class Factories {
  private Factories() {}

  /** A factory of a shared instance, shippable if the instance is serializable. */
  static Supplier<?> shared(Object instance) {
    return shared(instance, instance);
  }

  /**
   * A factory of a shared instance built around {@code essence} (the user's function behind a
   * {@code map}, say), shippable if that is serializable.
   */
  static Supplier<?> shared(Object instance, Object essence) {
    if (essence instanceof Serializable) {
      return (StageFactory<Object>) () -> instance;
    }
    return () -> instance;
  }
}
