package io.sluice.api;

import java.util.ArrayList;
import java.util.List;

/** Draws the text picture returned by {@link Pipeline#describe()}. */
final class Description {
  private Description() {}

  static String of(Pipeline<?> pipeline) {
    List<StageDefinition> stages = pipeline.stages();
    int width = stages.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    List<Integer> threads = threads(pipeline);
    int threadCount = threads.get(threads.size() - 1);
    int threadWidth = ("thread " + threadCount).length();
    StringBuilder text = new StringBuilder("pipeline ").append(pipeline.name())
        .append(" (").append(stages.size()).append(" stages, ").append(threadCount)
        .append(threadCount == 1 ? " thread)\n" : " threads)\n");
    for (int i = 0; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      if (i > 0) {
        text.append("    |\n    v\n");
      }
      StringBuilder line = new StringBuilder("  ").append(pad(stage.name(), width)).append("  ")
          .append(pad(label(stage.kind()), 7)).append("  ")
          .append(pad(stage.kind().isInput() ? "" : stage.dispatch().toString(), 22));
      if (threads.get(i) > 0) {
        line.append("  ").append(pad("thread " + threads.get(i), threadWidth));
      }
      if (!stage.kind().isInput()) {
        line.append("  ").append(pipeline.isFused(stage.name()) ? "fused"
            : "ring " + stage.options().ringSize());
        if (!stage.errorPolicy().isFailFast()) {
          line.append("  on error ").append(stage.errorPolicy());
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  /** The thread number of each stage, from 1; 0 for a live input, which has no thread. */
  private static List<Integer> threads(Pipeline<?> pipeline) {
    List<Integer> threads = new ArrayList<>();
    int thread = 0;
    for (StageDefinition stage : pipeline.stages()) {
      if (stage.kind() != StageKind.LIVE_INPUT && !pipeline.isFused(stage.name())) {
        thread++;
      }
      threads.add(stage.kind() == StageKind.LIVE_INPUT ? 0 : thread);
    }
    return threads;
  }

  private static String label(StageKind kind) {
    return switch (kind) {
      case SOURCE -> "source";
      case LIVE_INPUT -> "live";
      case MAP -> "map";
      case FILTER -> "filter";
      case FLAT_MAP -> "flatMap";
      case STAGE -> "stage";
      case SINK -> "sink";
    };
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
