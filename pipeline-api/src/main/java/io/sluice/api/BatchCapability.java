package io.sluice.api;

import java.util.List;

/**
 * Whether a stage or sink class has a batch call of its own, found once per class. Behind the
 * defaults of {@link Stage#handlesBatches()} and {@link Sink#handlesBatches()}, so every runner,
 * the testkit's harness included, sees the same answer.
 */
final class BatchCapability {
  private static final ClassValue<Boolean> STAGES = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return declaredBelow(type, Stage.class, "processBatch", List.class, Emitter.class);
    }
  };
  private static final ClassValue<Boolean> SINKS = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return declaredBelow(type, Sink.class, "writeBatch", List.class);
    }
  };

  private BatchCapability() {}

  static boolean ofStage(Class<?> type) {
    return STAGES.get(type);
  }

  static boolean ofSink(Class<?> type) {
    return SINKS.get(type);
  }

  private static boolean declaredBelow(Class<?> type, Class<?> api, String method,
      Class<?>... parameters) {
    try {
      return type.getMethod(method, parameters).getDeclaringClass() != api;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(api.getSimpleName() + "." + method + " is public", e);
    }
  }
}
