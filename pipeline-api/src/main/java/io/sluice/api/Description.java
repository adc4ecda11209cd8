package io.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the pictures of a pipeline: text ({@link Pipeline#describe()}) and Mermaid
 * ({@link Pipeline#describeMermaid()}), each optionally annotated with a run's counts.
 */
final class Description {
  private Description() {}

  static String of(Pipeline<?> pipeline) {
    return of(pipeline, null);
  }

  static String of(Pipeline<?> pipeline, PipelineReport counts) {
    List<StageDefinition> stages = pipeline.stages();
    int width = stages.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    List<Integer> threads = threads(pipeline);
    int threadCount = threads.get(threads.size() - 1);
    int threadWidth = ("thread " + threadCount).length();
    StringBuilder text = new StringBuilder("pipeline ").append(pipeline.name())
        .append(" (").append(stages.size()).append(" stages, ").append(threadCount)
        .append(threadCount == 1 ? " thread)" : " threads)")
        .append(counts == null ? "" : " " + counts.outcome()).append('\n');
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
      if (counts != null) {
        line.append("  ").append(counts(counts.stage(stage.name())));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  static String mermaid(Pipeline<?> pipeline, PipelineReport counts) {
    StringBuilder text = new StringBuilder("flowchart LR\n");
    for (StageDefinition stage : pipeline.stages()) {
      String id = "s" + pipeline.stages().indexOf(stage);
      String detail = stage.kind().isInput() ? label(stage.kind())
          : label(stage.kind()) + "<br/>" + stage.dispatch();
      if (counts != null) {
        StageReport report = counts.stage(stage.name());
        detail += "<br/>in " + report.received() + " / out " + report.emitted();
      }
      String shape = stage.kind().isInput() ? "([\"%s<br/>%s\"])"
          : stage.kind().isSink() ? "[(\"%s<br/>%s\")]" : "[\"%s<br/>%s\"]";
      text.append("  ").append(id).append(String.format(Locale.ROOT, shape, stage.name(), detail))
          .append('\n');
      for (String input : stage.inputs()) {
        String from = "s" + indexOf(pipeline, input);
        StageReport report = counts == null ? null : counts.stage(stage.name());
        String edge = report == null || report.backlog() == 0 ? " --> "
            : " -- \"" + report.backlog() + " queued\" --> ";
        text.append("  ").append(from).append(edge).append(id).append('\n');
      }
    }
    return text.toString();
  }

  private static int indexOf(Pipeline<?> pipeline, String name) {
    for (int i = 0; i < pipeline.stages().size(); i++) {
      if (pipeline.stages().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no stage '" + name + "'");
  }

  private static String counts(StageReport report) {
    StringBuilder text = new StringBuilder("in ").append(report.received())
        .append(" out ").append(report.emitted());
    if (report.backlog() > 0) {
      text.append(" queued ").append(report.backlog());
    }
    if (!report.batchesByReason().isEmpty()) {
      text.append(" batches ").append(report.batchesByReason());
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
