package io.sluice.examples.sales;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.flink.FlinkRunner;
import java.util.Locale;

/** Where the batch job runs: {@code --runner local} (the default) or {@code --runner flink}. */
public enum JobRunner {
  /** The local runner: one JVM, threads and rings. */
  LOCAL,
  /**
   * Apache Flink on an embedded MiniCluster in this JVM. The job's database, its CSV source and
   * the summaries it prints afterwards live in this JVM, so the nodes that cannot be serialized
   * are handed to Flink by reference ({@link FlinkRunner#withInJvmReferences()}).
   */
  FLINK;

  /**
   * Reads the option's value.
   *
   * @param name {@code local} or {@code flink}, any case
   * @return the runner
   * @throws IllegalArgumentException for another name
   */
  public static JobRunner named(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--runner must be local or flink, not '" + name + "'", e);
    }
  }

  /**
   * Runs a pipeline to its end on this runner.
   *
   * @param job the pipeline
   * @return its report
   * @throws InterruptedException if interrupted while waiting
   */
  PipelineReport run(Pipeline<?> job) throws InterruptedException {
    return this == LOCAL ? job.run()
        : job.start(FlinkRunner.embedded().withInJvmReferences()).awaitCompletion();
  }
}
