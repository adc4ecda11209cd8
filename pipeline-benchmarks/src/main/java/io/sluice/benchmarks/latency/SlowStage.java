package io.sluice.benchmarks.latency;

import java.util.concurrent.locks.LockSupport;

/**
 * The slow-stage scenario: the middle stage takes {@link #SLOW_NANOS} per record (parked, as an
 * enrichment call waits for a service); bursts of {@link #BURST} probes are pushed at once. What
 * is measured is the wait between the slow stage returning a probe and the next stage taking it:
 * ideally nothing, whatever else the slow stage still has to do.
 */
final class SlowStage {
  static final long SLOW_NANOS = 2_000_000;
  static final int BURST = 64;

  private SlowStage() {}

  /** The stage work: stage 2 (hop 1) is slow. */
  static void work(int hop, Probe probe) {
    probe.enter(hop);
    if (hop == 1) {
      long until = System.nanoTime() + SLOW_NANOS;
      for (long left = SLOW_NANOS; left > 0; left = until - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      probe.leftSlowStage = System.nanoTime();
    }
  }

  /** Pushes {@code bursts} bursts, each after the one before arrived; the first is warm-up. */
  static Recorder run(System3 system, int bursts) throws Exception {
    Recorder recorder = new Recorder();
    Pool pool = new Pool(BURST * 4);
    try (System3.Running running = system.start(SlowStage::work, recorder)) {
      long pushed = 0;
      for (int b = 0; b < bursts; b++) {
        if (b == 1) {
          recorder.startMeasuring();
        }
        for (int i = 0; i < BURST; i++) {
          Probe probe = pool.take();
          probe.burstIndex = i;
          running.accept(probe);
        }
        pushed += BURST;
        Pacer.awaitArrivals(recorder::arrived, pushed);
      }
    }
    return recorder;
  }
}
