package io.sluice.flink;

import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.spi.PipelineRunner;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Sluice blueprints as Apache Flink DataStream jobs: the same stages and sinks, called
 * through the same engine code as on the local runner (dispatch, error policies, batch
 * bisection), and the same {@link io.sluice.api.PipelineReport}, built from the job's
 * accumulators.
 *
 * <p>It is chosen explicitly, never found by {@link java.util.ServiceLoader}, so adding this
 * module never changes where {@link Pipeline#start()} runs:
 *
 * <pre>{@code
 * PipelineReport report = pipeline.start(FlinkRunner.embedded()).awaitCompletion(); // MiniCluster
 * PipelineReport report = pipeline.start(FlinkRunner.fromContext()).awaitCompletion(); // flink run
 * }</pre>
 *
 * <p>Every node must be shippable: sources, stages and sinks given as {@link
 * io.sluice.api.StageFactory} lambdas or constructor references (one instance per subtask), or as
 * {@link java.io.Serializable} instances; {@code map}/{@code filter}/{@code flatMap}/{@code divert}
 * functions serializable; dead-letter sinks serializable. {@link #start} refuses a blueprint that
 * is not, naming the stage, before anything is submitted. It also refuses a live input,
 * {@code Dispatch.smart} and an ordered parallel stage (Flink keeps no order across subtasks; a
 * keyed or unordered parallel stage becomes an operator of its own parallelism, and a keyed
 * stage's key function must be serializable); see {@code docs/architecture.md} for what differs
 * from the local runner.
 *
 * <p>Checkpoints are Flink's, enabled on the environment ({@link #on}): a
 * {@link io.sluice.api.ResumableSource} keeps its position in them and is reopened there when
 * Flink restores the job, and hears {@code checkpointCompleted} when Flink says a checkpoint
 * completed; with checkpoints on, a stage that fails fails its Flink task, so Flink's restart
 * strategy applies.
 *
 * <p>Immutable and thread-safe.
 */
public final class FlinkRunner implements PipelineRunner {
  /** The runner's name. */
  public static final String NAME = "flink";
  private static final Logger LOG = LoggerFactory.getLogger(FlinkRunner.class);

  private final Supplier<StreamExecutionEnvironment> environments;
  private final String where;
  private final int parallelism;
  private final boolean inJvmReferences;

  private FlinkRunner(Supplier<StreamExecutionEnvironment> environments, String where,
      int parallelism, boolean inJvmReferences) {
    this.environments = environments;
    this.where = where;
    this.parallelism = parallelism;
    this.inJvmReferences = inJvmReferences;
  }

  /**
   * A runner that starts an embedded Flink MiniCluster in this JVM for each run (a few seconds to
   * start), with parallelism 1.
   *
   * @return the runner
   */
  public static FlinkRunner embedded() {
    return new FlinkRunner(() -> StreamExecutionEnvironment.createLocalEnvironment(1),
        "embedded", 1, false);
  }

  /**
   * A runner on the environment of the context: the cluster a job submitted with
   * {@code flink run} runs on, or the MiniCluster of a test ({@code MiniClusterExtension}); an
   * embedded one otherwise. Parallelism 1 unless {@link #withParallelism} says otherwise.
   *
   * @return the runner
   */
  public static FlinkRunner fromContext() {
    return new FlinkRunner(StreamExecutionEnvironment::getExecutionEnvironment, "context", 1, false);
  }

  /**
   * A runner on environments the caller makes (configured as they wish: checkpoints, restart
   * strategy, a remote cluster). One environment per run.
   *
   * @param environments makes the environment of each run
   * @return the runner
   * @throws NullPointerException if {@code environments} is {@code null}
   */
  public static FlinkRunner on(Supplier<StreamExecutionEnvironment> environments) {
    return new FlinkRunner(Objects.requireNonNull(environments, "environments"), "custom", 1, false);
  }

  /**
   * Returns a runner giving every stage and sink {@code n} subtasks (sources have one: a Sluice
   * source is a single split; a parallel stage has its workers' number). Above 1, records are spread over the subtasks, so their order
   * across subtasks is not kept.
   *
   * @param n the parallelism
   * @return the changed runner
   * @throws IllegalArgumentException if {@code n} is below 1
   */
  public FlinkRunner withParallelism(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("the parallelism of the Flink runner must be at least 1 "
          + "but was " + n);
    }
    return new FlinkRunner(environments, where, n, inJvmReferences);
  }

  /**
   * Returns a runner that hands the nodes it cannot ship (instances that do not serialize, plain
   * {@code Supplier}s and functions, dead-letter sinks) to the job by reference instead of refusing
   * them: the job's tasks look them up in this JVM, so each such node is made as on the local
   * runner (a shared instance is shared by its subtasks, which must then be parallelism 1 or
   * thread-safe). Only for a cluster running in this JVM ({@link #embedded()}, a test's
   * MiniCluster); on another the tasks fail naming the node. Serializable nodes still travel as
   * themselves.
   *
   * @return the changed runner
   */
  public FlinkRunner withInJvmReferences() {
    return new FlinkRunner(environments, where, parallelism, true);
  }

  /**
   * Returns the parallelism of stages and sinks.
   *
   * @return the parallelism
   */
  public int parallelism() {
    return parallelism;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns the lowest priority: even if registered as a service by someone, this runner never
   * wins over another; pick it explicitly.
   *
   * @return {@link Integer#MIN_VALUE}
   */
  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }

  /**
   * Translates the blueprint into a DataStream job and submits it; returns once it is submitted.
   *
   * @param pipeline the blueprint
   * @param <T> the input's record type
   * @return the running job
   * @throws IllegalArgumentException naming the stage if a node or a key function cannot be
   *     shipped, or the blueprint has a live input, a smart-batching stage, an ordered parallel
   *     stage or Sluice checkpoints
   * @throws IllegalStateException if Flink refused the job
   */
  @Override
  public <T> RunningPipeline<T> start(Pipeline<T> pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    if (pipeline.checkpointing().isPresent()) {
      throw new IllegalArgumentException("pipeline '" + pipeline.name() + "' takes Sluice "
          + "checkpoints (withCheckpoints), which the Flink runner does not take: enable Flink's "
          + "checkpointing on its environment instead");
    }
    InJvmReferences references = inJvmReferences ? new InJvmReferences() : null;
    try {
      var shipped = JobTranslator.ship(pipeline, references);
      StreamExecutionEnvironment env = environments.get();
      env.getConfig().enableObjectReuse(); // records go by reference inside a chain, as in a thread
      JobTranslator.translate(pipeline, shipped, env, parallelism);
      JobClient job = env.executeAsync("sluice " + pipeline.name());
      LOG.info("pipeline '{}' submitted to Flink ({}) as job {}", pipeline.name(), where,
          job.getJobID());
      return new FlinkRun<>(pipeline, job, references);
    } catch (IllegalArgumentException refused) {
      release(references);
      throw refused;
    } catch (Exception e) {
      release(references);
      throw new IllegalStateException("Flink refused pipeline '" + pipeline.name() + "': " + e, e);
    }
  }

  private static void release(InJvmReferences references) {
    if (references != null) {
      references.close();
    }
  }

  @Override
  public String toString() {
    return "FlinkRunner[" + where + ", parallelism " + parallelism
        + (inJvmReferences ? ", in-JVM references" : "") + "]";
  }

}
