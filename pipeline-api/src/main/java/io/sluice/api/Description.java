package io.sluice.api;

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
    int width = pipeline.stages().stream().mapToInt(s -> s.name().length()).max().orElse(0);
    StringBuilder text = new StringBuilder("pipeline ").append(pipeline.name())
        .append(" (").append(pipeline.stages().size()).append(" stages)");
    if (counts != null) {
      text.append(' ').append(counts.outcome());
    }
    text.append('\n');
    boolean first = true;
    for (StageDefinition stage : pipeline.stages()) {
      if (!first) {
        text.append("    |\n    v\n");
      }
      first = false;
      StringBuilder line = new StringBuilder("  ").append(pad(stage.name(), width)).append("  ");
      if (stage.kind().isInput()) {
        line.append(pad(label(stage.kind()), 7 + 2 + 22 + 2 + 9));
      } else {
        line.append(pad(label(stage.kind()), 7)).append("  ")
            .append(pad(stage.dispatch().toString(), 22))
            .append("  ring ").append(stage.options().ringSize());
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
