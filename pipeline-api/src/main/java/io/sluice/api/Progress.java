package io.sluice.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One progress reading of a run, as handed to a {@link ProgressReporter} listener: records in and
 * out, the recent rate, and the backlog of each stage.
 *
 * @param pipelineName the pipeline
 * @param elapsed time since the reporter started
 * @param recordsIn records the input has produced or accepted
 * @param recordsOut records the last stage has received
 * @param recordsPerSecond records out per second since the previous reading
 * @param backlog records waiting in each stage's input ring, by stage name, in pipeline order
 * @param snapshot the metrics snapshot the reading was taken from
 */
public record Progress(String pipelineName, Duration elapsed, long recordsIn, long recordsOut,
    double recordsPerSecond, Map<String, Long> backlog, PipelineReport snapshot) {

  /**
   * Checks and copies the components.
   *
   * @param pipelineName the pipeline
   * @param elapsed time since the reporter started
   * @param recordsIn records the input has produced or accepted
   * @param recordsOut records the last stage has received
   * @param recordsPerSecond records out per second since the previous reading
   * @param backlog records waiting in each stage's input ring, by stage name (copied)
   * @param snapshot the metrics snapshot the reading was taken from
   * @throws NullPointerException if a reference component is {@code null}
   */
  public Progress {
    Checks.notNull(pipelineName, "pipelineName");
    Checks.notNull(elapsed, "elapsed");
    backlog = java.util.Collections.unmodifiableMap(
        new LinkedHashMap<>(Checks.notNull(backlog, "backlog")));
    Checks.notNull(snapshot, "snapshot");
  }

  /**
   * Returns a one-line summary, e.g.
   * {@code orders 12.0s: 1,200,000 in, 1,180,000 out (98,500/s); queued clean=0 save=4,096}.
   *
   * @return the progress line
   */
  public String line() {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%s %.1fs: %,d in, %,d out (%,.0f/s)", pipelineName, elapsed.toMillis() / 1000.0,
        recordsIn, recordsOut, recordsPerSecond));
    if (snapshot.outcome() != PipelineReport.Outcome.RUNNING) {
      text.append(' ').append(snapshot.outcome());
    }
    StringBuilder queued = new StringBuilder();
    backlog.forEach((stage, records) -> {
      if (records > 0) {
        queued.append(' ').append(stage).append('=').append(String.format(Locale.ROOT, "%,d",
            records));
      }
    });
    if (queued.length() > 0) {
      text.append("; queued").append(queued);
    }
    return text.toString();
  }
}
