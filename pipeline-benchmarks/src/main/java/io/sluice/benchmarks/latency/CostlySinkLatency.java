package io.sluice.benchmarks.latency;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import java.time.Duration;
import java.util.List;

/**
 * The costly sink (20 µs per call + 0.2 µs per record, busy-spun like a database round trip)
 * behind a live input, under each dispatch, at a light and a heavy rate: what a record's wait from
 * push to written looks like with {@code perRecord()}, {@code batched(256, 5 ms)} and
 * {@code smart(256)}.
 */
final class CostlySinkLatency {
  static final long PER_CALL_NANOS = 20_000;
  static final long PER_RECORD_NANOS = 200;
  static final List<Dispatch> DISPATCHES = List.of(Dispatch.perRecord(),
      Dispatch.batched(256, Duration.ofMillis(5)), Dispatch.smart(256));

  private CostlySinkLatency() {}

  private static final class CostlySink implements Sink<Probe> {
    private final Recorder recorder;

    CostlySink(Recorder recorder) {
      this.recorder = recorder;
    }

    @Override
    public void write(Probe probe) {
      spin(PER_CALL_NANOS + PER_RECORD_NANOS);
      recorder.arriveDirect(probe);
    }

    @Override
    public void writeBatch(List<Probe> batch) {
      spin(PER_CALL_NANOS + PER_RECORD_NANOS * batch.size());
      for (Probe probe : batch) {
        recorder.arriveDirect(probe);
      }
    }

    private static void spin(long nanos) {
      long until = System.nanoTime() + nanos;
      while (System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
    }
  }

  /** Runs one dispatch at one rate; returns the recorder and the probes pushed. */
  static Recorder run(Dispatch dispatch, double perSecond, long warmupNanos, long measureNanos)
      throws Exception {
    Recorder recorder = new Recorder();
    RunningPipeline<Probe> run = Pipeline.live("costly-sink", Probe.class)
        .to("db", new CostlySink(recorder), dispatch)
        .start();
    long sent = Pacer.run(probe -> {
      try {
        run.input().push(probe);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }, new Pool(1 << 16), perSecond, warmupNanos, measureNanos, recorder);
    run.input().complete();
    run.awaitCompletion();
    if (recorder.arrived() != sent) {
      throw new IllegalStateException(dispatch + ": " + recorder.arrived() + " of " + sent
          + " probes arrived");
    }
    return recorder;
  }
}
