package io.sluice.api;

import java.util.Map;

/**
 * The graph's checks of parallel and async stages, naming the stage: a stage with workers of its
 * own is never fused with a neighbour, and a parallel stage given as one shared instance must say
 * it is thread-safe (its workers would otherwise share state behind the author's back).
 */
final class ConcurrencyCheck {
  private ConcurrencyCheck() {}

  static void check(String pipeline, StageDefinition node, Map<String, StageDefinition> byName) {
    StageOptions options = node.options();
    options.requireValidFor(node.name());
    boolean fedByConcurrent = node.inputs().stream()
        .anyMatch(in -> byName.get(in).options().isConcurrent());
    Checks.check(options.fusion() != Fusion.FUSED || (!options.isConcurrent() && !fedByConcurrent),
        "pipeline '%s': stage '%s' cannot be fused: %s", pipeline, node.name(),
        options.isConcurrent() ? "it runs on workers of its own (" + concurrency(options) + ")"
            : "the stage before it runs on workers of its own");
    Checks.check(!options.isConcurrent() || !node.kind().isInput(),
        "pipeline '%s': input '%s' cannot be parallel or async", pipeline, node.name());
    if (options.parallelism().isParallel() && node.sharesInstance()) {
      Object instance = node.kind().isSink() ? node.newSink() : node.newStage();
      boolean threadSafe = instance instanceof Sink<?> sink ? sink.threadSafe()
          : ((Stage<?, ?>) instance).threadSafe();
      Checks.check(threadSafe, "pipeline '%s': stage '%s' is %s but was given as one shared "
              + "instance (%s), which its workers would share: pass a factory "
              + "(e.g. %s) so each worker gets its own, or declare "
              + "the instance thread-safe (override threadSafe())", pipeline, node.name(),
          options.parallelism(), DisplayNames.of(instance), node.kind().isSink()
              ? ".to(\"" + node.name() + "\", MySink::new, options)"
              : ".stage(\"" + node.name() + "\", MyStage::new)");
    }
  }

  private static String concurrency(StageOptions options) {
    return options.async().map(Object::toString).orElse(options.parallelism().toString());
  }
}
