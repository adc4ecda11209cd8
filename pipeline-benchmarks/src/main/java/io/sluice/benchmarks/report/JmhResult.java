package io.sluice.benchmarks.report;

import java.util.Map;
import java.util.Optional;

/**
 * One benchmark of a JMH JSON result file, reduced to what the report needs.
 *
 * @param benchmark {@code SimpleClassName.method}
 * @param params the benchmark's {@code @Param} values
 * @param primary the primary score (runs per second here)
 * @param secondary the secondary metrics by name ({@code records}, {@code gc.alloc.rate.norm}...)
 */
public record JmhResult(String benchmark, Map<String, String> params, Metric primary,
    Map<String, Metric> secondary) {

  /** The secondary metric JMH derives from {@code RecordCounter}: records per second. */
  public static final String RECORDS_METRIC = "records";

  /** The secondary metric of {@code -prof gc}: bytes allocated per operation. */
  public static final String ALLOC_NORM_METRIC = "gc.alloc.rate.norm";

  /**
   * A score with its error.
   *
   * @param score the mean
   * @param error the half-width of the 99.9 % confidence interval, NaN with one sample
   * @param unit the unit JMH printed
   */
  public record Metric(double score, double error, String unit) {}

  /**
   * Returns the records processed per run: the {@code records} or {@code sinkRecords} parameter.
   *
   * @return the count, or empty if the benchmark has neither parameter
   */
  public Optional<Long> recordsPerRun() {
    String value = params.getOrDefault("records", params.get("sinkRecords"));
    return Optional.ofNullable(value).map(Long::parseLong);
  }

  /**
   * Returns the throughput in records per second: the {@code records} counter if present, else
   * runs per second times records per run.
   *
   * @return records per second with its error, or empty if neither is known
   */
  public Optional<Metric> recordsPerSecond() {
    Metric counted = secondary.get(RECORDS_METRIC);
    if (counted != null) {
      return Optional.of(counted);
    }
    return recordsPerRun().map(n -> new Metric(primary.score() * n, primary.error() * n,
        "records/s"));
  }

  /**
   * Returns the bytes allocated per run, measured by {@code -prof gc}.
   *
   * @return bytes per run, or empty if the run was not profiled
   */
  public Optional<Double> bytesPerRun() {
    return Optional.ofNullable(secondary.get(ALLOC_NORM_METRIC)).map(Metric::score);
  }
}
