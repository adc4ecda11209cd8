package io.sluice.benchmarks.timeflush;

/**
 * How late TIME flushes came in one scenario, in microseconds after {@code first push + maxWait}.
 *
 * @param scenario {@code idle} or {@code trickle}
 * @param maxWaitMillis the dispatch's maxWait
 * @param samples TIME flushes measured (after warm-up)
 * @param p50Micros median lateness
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param maxMicros the latest
 * @param earlyFlushes TIME flushes that came before maxWait had passed (should be 0)
 * @param unexpectedFlushes flushes for SIZE or END_OF_STREAM (should be 0)
 */
public record TimeFlushResult(String scenario, long maxWaitMillis, long samples, double p50Micros,
    double p90Micros, double p99Micros, double maxMicros, long earlyFlushes,
    long unexpectedFlushes) {}
