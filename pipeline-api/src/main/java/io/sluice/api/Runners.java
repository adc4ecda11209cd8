package io.sluice.api;

import io.sluice.api.spi.PipelineRunner;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the runner {@link Pipeline#start()} uses, once, through {@link ServiceLoader}. */
final class Runners {
  private Runners() {}

  private static final class Holder {
    static final List<PipelineRunner> FOUND = ServiceLoader.load(PipelineRunner.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(PipelineRunner::priority).reversed())
        .toList();
  }

  static PipelineRunner defaultRunner() {
    List<PipelineRunner> found = Holder.FOUND;
    if (found.isEmpty()) {
      throw new IllegalStateException("no Sluice runner found: add io.sluice:pipeline-runtime to "
          + "the class or module path");
    }
    String wanted = System.getProperty(PipelineRunner.RUNNER_PROPERTY);
    if (wanted == null || wanted.isBlank()) {
      return found.get(0);
    }
    return found.stream().filter(r -> r.name().equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no Sluice runner named '" + wanted
            + "' (from -D" + PipelineRunner.RUNNER_PROPERTY + "); found "
            + found.stream().map(PipelineRunner::name).collect(Collectors.joining(", "))));
  }
}
