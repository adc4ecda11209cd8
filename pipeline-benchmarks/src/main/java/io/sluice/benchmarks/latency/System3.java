package io.sluice.benchmarks.latency;

import java.util.function.Consumer;

/**
 * One system carrying probes through three stages on their own threads into a sink: each stage
 * stamps the probe's entry ({@link Probe#enter}), the sink calls {@link Recorder#arrive}.
 */
interface System3 {
  /** The system's name in the report. */
  String name();

  /**
   * Starts the system.
   *
   * @param stage the work of the stage at each hop (0..2): stamps, and may be slow
   * @param recorder the sink's recorder
   * @return where the driver pushes probes, from one thread
   */
  Running start(StageWork stage, Recorder recorder) throws Exception;

  /** The work of a stage: stamps the probe; the slow-stage scenario makes one stage slow. */
  interface StageWork {
    void run(int hop, Probe probe);
  }

  /** A started system. */
  interface Running extends Consumer<Probe>, AutoCloseable {
    /** Stops it once everything pushed has arrived. */
    @Override
    void close() throws Exception;
  }
}
