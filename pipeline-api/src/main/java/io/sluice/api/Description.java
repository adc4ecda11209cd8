package io.sluice.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Draws the pictures of a pipeline: text ({@link Pipeline#describe()}) and Mermaid
 * ({@link Pipeline#describeMermaid()}), each optionally annotated with a run's counts.
 */
final class Description {
  private Description() {}

  static String of(BlueprintView pipeline) {
    return of(pipeline, null);
  }

  static String of(BlueprintView pipeline, PipelineReport counts) {
    List<StageDefinition> stages = pipeline.stages();
    int width = stages.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    Map<String, Integer> threads = threads(pipeline);
    int threadCount = threads.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int threadWidth = ("thread " + threadCount).length();
    // a parallel stage's workers each have a thread besides the node's
    threadCount += stages.stream().mapToInt(s -> s.options().parallelism().isParallel()
        ? s.options().parallelism().workers() : 0).sum();
    StringBuilder text = new StringBuilder("pipeline ").append(pipeline.name())
        .append(" (").append(stages.size()).append(" stages, ").append(threadCount)
        .append(threadCount == 1 ? " thread)" : " threads)")
        .append(counts == null ? "" : " " + counts.outcome()).append('\n');
    for (int i = 0; i < stages.size(); i++) {
      StageDefinition stage = stages.get(i);
      if (i > 0) {
        text.append(connector(stages.get(i - 1), stage));
      }
      StringBuilder line = new StringBuilder("  ").append(pad(stage.name(), width)).append("  ")
          .append(pad(label(stage.kind()), 7)).append("  ")
          .append(pad(stage.kind().isInput() ? "" : stage.dispatch().toString(), 22));
      int thread = threads.get(stage.name());
      if (thread > 0) {
        line.append("  ").append(pad("thread " + thread, threadWidth));
      }
      if (!stage.kind().isInput()) {
        line.append("  ").append(pipeline.isFused(stage.name()) ? "fused"
            : "ring " + stage.options().ringSize());
        stage.options().async().ifPresent(async -> line.append("  ").append(async));
        if (stage.options().parallelism().isParallel()) {
          int workers = stage.options().parallelism().workers();
          line.append("  ").append(stage.options().parallelism()).append(" +").append(workers)
              .append(" worker threads");
        }
        if (!stage.errorPolicy().isFailFast()) {
          line.append("  on error ").append(stage.errorPolicy());
        }
      }
      if (counts != null) {
        line.append("  ").append(counts(counts.stage(stage.name())));
      }
      text.append(line.toString().stripTrailing()).append('\n');
      if (counts != null && !counts.stage(stage.name()).workers().isEmpty()) {
        text.append("  ").append(pad("", width)).append("  ")
            .append(WorkerSummary.of(counts.stage(stage.name()).workers())).append('\n');
      }
    }
    pipeline.checkpointing().ifPresent(setting -> text.append("  ").append(setting).append('\n'));
    if (counts != null) {
      counts.checkpoints().ifPresent(report -> text.append("  ").append(report).append('\n'));
    }
    return text.toString();
  }

  /**
   * What is drawn between two lines: an arrow when the line above is all that feeds the stage
   * (always so in a linear pipeline), the ports feeding it otherwise, a blank line before another
   * input.
   */
  private static String connector(StageDefinition above, StageDefinition stage) {
    if (stage.kind().isInput()) {
      return "\n";
    }
    if (stage.inputPorts().equals(List.of(Port.main(above.name())))) {
      return "    |\n    v\n";
    }
    return "    <- " + stage.inputPorts().stream().map(Port::toString)
        .collect(Collectors.joining(", ")) + "\n";
  }

  static String mermaid(BlueprintView pipeline, PipelineReport counts) {
    StringBuilder text = new StringBuilder("flowchart LR\n");
    Map<String, String> ids = new HashMap<>();
    for (StageDefinition stage : pipeline.stages()) {
      String id = "s" + ids.size();
      ids.put(stage.name(), id);
      StageReport report = counts == null ? null : counts.stage(stage.name());
      // a merging stage's ring is shared by its inputs: its backlog is the node's, not an edge's
      boolean merging = stage.inputPorts().size() > 1;
      String detail = stage.kind().isInput() ? label(stage.kind())
          : label(stage.kind()) + "<br/>" + stage.dispatch();
      if (report != null) {
        detail += "<br/>in " + report.received() + " / out " + report.emitted();
        if (merging && report.backlog() > 0) {
          detail += "<br/>" + report.backlog() + " queued";
        }
      }
      String shape = stage.kind().isInput() ? "([\"%s<br/>%s\"])"
          : stage.kind().isSink() ? "[(\"%s<br/>%s\")]" : "[\"%s<br/>%s\"]";
      text.append("  ").append(id).append(String.format(Locale.ROOT, shape, stage.name(), detail))
          .append('\n');
      for (Port port : stage.inputPorts()) {
        List<String> label = new ArrayList<>();
        if (!port.isMain()) {
          label.add(port.name());
        }
        if (report != null && !merging && report.backlog() > 0) {
          label.add(report.backlog() + " queued");
        }
        String edge = label.isEmpty() ? " --> " : " -- \"" + String.join(", ", label) + "\" --> ";
        text.append("  ").append(ids.get(port.stage())).append(edge).append(id).append('\n');
      }
    }
    return text.toString();
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
    if (report.busyNanos() + report.idleNanos() + report.blockedNanos() > 0) {
      // blocked apart from busy: the stage stuck behind a bottleneck does not look busy itself
      text.append(" busy ").append(Math.round(report.utilisation() * 100)).append('%');
      if (report.blockedNanos() > 0) {
        text.append(" blocked ").append(Math.round(report.blockedShare() * 100)).append('%');
      }
    }
    return text.toString();
  }

  /**
   * The thread number of each stage, from 1, in the order of the stages; 0 for a live input, which
   * has no thread. A fused stage runs on the thread of the stage feeding it, so fused stages form
   * trees, each on the thread of its root.
   */
  private static Map<String, Integer> threads(BlueprintView pipeline) {
    Map<String, Integer> threads = new HashMap<>();
    int thread = 0;
    for (StageDefinition stage : pipeline.stages()) {
      if (stage.kind() == StageKind.LIVE_INPUT) {
        threads.put(stage.name(), 0);
      } else if (pipeline.isFused(stage.name())) {
        threads.put(stage.name(), threads.get(stage.inputs().get(0)));
      } else {
        threads.put(stage.name(), ++thread);
      }
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
      case ROUTE -> "route";
      case STAGE -> "stage";
      case SINK -> "sink";
    };
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
