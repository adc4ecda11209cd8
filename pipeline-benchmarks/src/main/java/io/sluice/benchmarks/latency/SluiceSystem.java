package io.sluice.benchmarks.latency;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;

/** Sluice: a live input, three per-record stages each on its own thread and ring, a sink. */
final class SluiceSystem implements System3 {
  @Override
  public String name() {
    return "**Sluice**, `perRecord()`, thread per stage";
  }

  @Override
  public Running start(StageWork work, Recorder recorder) {
    RunningPipeline<Probe> run = Pipeline.live("latency", Probe.class)
        .map("s1", (Probe p) -> stage(work, 0, p)).ownThread()
        .map("s2", (Probe p) -> stage(work, 1, p)).ownThread()
        .map("s3", (Probe p) -> stage(work, 2, p)).ownThread()
        .to("sink", (Sink<Probe>) recorder::arrive)
        .start();
    return new Running() {
      @Override
      public void accept(Probe probe) {
        try {
          run.input().push(probe);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void close() throws Exception {
        run.input().complete();
        run.awaitCompletion();
      }
    };
  }

  static Probe stage(StageWork work, int hop, Probe probe) {
    work.run(hop, probe);
    return probe;
  }
}
