package io.sluice.api;

import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The compact form of a parallel stage's workers, for {@link StageReport#toString()} and
 * {@code describe(report)}: each count side by side, one column per worker in worker order
 * ({@code workers in 50|49 out 50|49 skipped 0|1 busy 41%|39%}). Received and emitted always show;
 * other counts only when some worker has one, so a clean run stays one short line.
 */
final class WorkerSummary {
  private WorkerSummary() {}

  static String of(List<StageReport> workers) {
    StringBuilder text = new StringBuilder("workers");
    column(text, workers, "in", StageReport::received, true);
    column(text, workers, "out", StageReport::emitted, true);
    column(text, workers, "filtered", StageReport::filtered, false);
    column(text, workers, "skipped", StageReport::skipped, false);
    column(text, workers, "dead-lettered", StageReport::deadLettered, false);
    column(text, workers, "retried", StageReport::retried, false);
    column(text, workers, "failed", StageReport::failed, false);
    column(text, workers, "stranded", StageReport::stranded, false);
    column(text, workers, "batches", StageReport::totalBatches, false);
    boolean timed = workers.stream()
        .anyMatch(w -> w.busyNanos() + w.idleNanos() + w.blockedNanos() > 0);
    if (timed) {
      text.append(" busy ").append(workers.stream()
          .map(w -> Math.round(w.utilisation() * 100) + "%").collect(Collectors.joining("|")));
    }
    return text.toString();
  }

  private static void column(StringBuilder text, List<StageReport> workers, String what,
      ToLongFunction<StageReport> count, boolean always) {
    if (always || workers.stream().anyMatch(w -> count.applyAsLong(w) != 0)) {
      text.append(' ').append(what).append(' ').append(workers.stream()
          .map(w -> Long.toString(count.applyAsLong(w))).collect(Collectors.joining("|")));
    }
  }
}
