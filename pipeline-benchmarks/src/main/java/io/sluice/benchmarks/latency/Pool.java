package io.sluice.benchmarks.latency;

/** Probes made up front and handed out in turn: a probe is reused long after it arrived. */
final class Pool {
  private final Probe[] probes;
  private int next;

  Pool(int size) {
    probes = new Probe[size];
    for (int i = 0; i < size; i++) {
      probes[i] = new Probe();
    }
  }

  /** Returns the next probe, stamped as pushed now. */
  Probe take() {
    Probe probe = probes[next];
    next = (next + 1) % probes.length;
    probe.leftSlowStage = 0;
    probe.burstIndex = -1;
    probe.pushed = System.nanoTime();
    return probe;
  }
}
