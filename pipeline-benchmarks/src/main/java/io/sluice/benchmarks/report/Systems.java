package io.sluice.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** What each benchmark method measures, in words, and the order of the report's rows. */
final class Systems {
  private Systems() {}

  static final String PER_RECORD = "PerRecordPipelineBenchmark";
  static final String BATCHED = "BatchedPipelineBenchmark";
  static final String SINK = "SinkCostBenchmark";
  static final String STEADY = "SteadyStateBenchmark";

  static final String SLUICE = PER_RECORD + ".sluice";
  /** The three per-record stages fused onto the source's thread, the sink on its own. */
  static final String SLUICE_FUSED = PER_RECORD + ".sluiceFused";
  static final String SLUICE_ONE_THREAD = PER_RECORD + ".sluiceOneThread";
  static final String JCTOOLS_SPSC_CHUNKED = BATCHED + ".jctoolsSpscChunked";
  static final String DISRUPTOR_YIELDING = PER_RECORD + ".disruptorYielding";
  static final String DISRUPTOR_BLOCKING = PER_RECORD + ".disruptorBlocking";
  static final String REACTOR = PER_RECORD + ".reactorPublishOn";
  static final String HAND_FUSED = PER_RECORD + ".handFusedLoop";
  static final String SLUICE_BATCHED = BATCHED + ".sluiceBatched256";
  static final String SLUICE_SMART = BATCHED + ".sluiceSmart256";
  static final String DISRUPTOR_CHUNKED_YIELDING = BATCHED + ".disruptorChunkedYielding";
  static final String DISRUPTOR_CHUNKED_BLOCKING = BATCHED + ".disruptorChunkedBlocking";
  static final String JCTOOLS_SPSC = PER_RECORD + ".jctoolsSpsc";
  static final String STEADY_STATE = STEADY + ".sluiceSteadyState";

  static final Map<String, String> PER_RECORD_ROWS = new LinkedHashMap<>();
  static final Map<String, String> BATCHED_ROWS = new LinkedHashMap<>();
  static final Map<String, String> SINK_ROWS = new LinkedHashMap<>();

  static {
    PER_RECORD_ROWS.put(SLUICE, "**Sluice**, `perRecord()` on every stage");
    PER_RECORD_ROWS.put(SLUICE_FUSED,
        "**Sluice**, the stages fused onto the source's thread, sink on its own");
    PER_RECORD_ROWS.put(PER_RECORD + ".sluiceOneThread",
        "**Sluice**, stages and sink fused onto the source's thread");
    PER_RECORD_ROWS.put(DISRUPTOR_YIELDING, "raw Disruptor, ring per stage, `YieldingWaitStrategy`");
    PER_RECORD_ROWS.put(DISRUPTOR_BLOCKING, "raw Disruptor, ring per stage, `BlockingWaitStrategy`");
    PER_RECORD_ROWS.put(PER_RECORD + ".jctoolsSpsc", "threads + JCTools `SpscArrayQueue`, yielding");
    PER_RECORD_ROWS.put(PER_RECORD + ".arrayBlockingQueue", "threads + `ArrayBlockingQueue`");
    PER_RECORD_ROWS.put(REACTOR, "Reactor `publishOn`, prefetch 4096");
    PER_RECORD_ROWS.put(PER_RECORD + ".reactorPublishOnPrefetch256",
        "Reactor `publishOn`, default prefetch 256");
    PER_RECORD_ROWS.put(HAND_FUSED, "hand-fused loop, one thread (ceiling)");

    BATCHED_ROWS.put(SLUICE_BATCHED, "**Sluice**, `batched(256)` on every stage");
    BATCHED_ROWS.put(BATCHED + ".sluiceFusedBatched256",
        "**Sluice**, `batched(256)`, the stages fused onto the source's thread");
    BATCHED_ROWS.put(BATCHED + ".sluiceSmart256", "**Sluice**, `smart(256)` on every stage");
    BATCHED_ROWS.put(BATCHED + ".disruptorChunkedYielding",
        "raw Disruptor, 256-record chunks per slot, yielding");
    BATCHED_ROWS.put(BATCHED + ".disruptorChunkedBlocking",
        "raw Disruptor, 256-record chunks per slot, blocking");
    BATCHED_ROWS.put(BATCHED + ".jctoolsSpscChunked", "threads + JCTools SPSC, 256-record arrays");
    BATCHED_ROWS.put(BATCHED + ".arrayBlockingQueueChunked",
        "threads + `ArrayBlockingQueue`, 256-record arrays");
    BATCHED_ROWS.put(BATCHED + ".reactorBuffered", "Reactor `buffer(256)` + `publishOn`");

    SINK_ROWS.put(SINK + ".sluicePerRecord", "Sluice sink `perRecord()`");
    SINK_ROWS.put(SINK + ".sluiceBatched", "Sluice sink `batched(n)`");
    SINK_ROWS.put(SINK + ".sluiceBatchedMaxWait", "Sluice sink `batched(n, 1 ms)`");
    SINK_ROWS.put(SINK + ".sluiceSmart", "Sluice sink `smart(n)`");
    SINK_ROWS.put(SINK + ".disruptorEndOfBatch", "raw Disruptor consumer batching at `endOfBatch`");
  }

  /** The label of a benchmark, or its method name for one this report does not know yet. */
  static String label(Map<String, String> rows, String benchmark) {
    return rows.getOrDefault(benchmark, "`" + benchmark + "`");
  }
}
