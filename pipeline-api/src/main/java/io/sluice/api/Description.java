package io.sluice.api;

/** Draws the text picture returned by {@link Pipeline#describe()}. */
final class Description {
  private Description() {}

  static String of(Pipeline<?> pipeline) {
    int width = pipeline.stages().stream().mapToInt(s -> s.name().length()).max().orElse(0);
    StringBuilder text = new StringBuilder("pipeline ").append(pipeline.name())
        .append(" (").append(pipeline.stages().size()).append(" stages)\n");
    boolean first = true;
    for (StageDefinition stage : pipeline.stages()) {
      if (!first) {
        text.append("    |\n    v\n");
      }
      first = false;
      text.append("  ").append(pad(stage.name(), width)).append("  ");
      if (stage.kind().isInput()) {
        text.append(label(stage.kind()));
      } else {
        text.append(pad(label(stage.kind()), 7)).append("  ")
            .append(pad(stage.dispatch().toString(), 22))
            .append("  ring ").append(stage.options().ringSize());
        if (!stage.errorPolicy().isFailFast()) {
          text.append("  on error ").append(stage.errorPolicy());
        }
      }
      text.append('\n');
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
