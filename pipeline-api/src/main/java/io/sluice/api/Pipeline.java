package io.sluice.api;

import io.sluice.api.spi.PipelineRunner;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * An immutable pipeline blueprint: named stages, each with its settings, and which feeds which.
 * Built with the fluent DSL ({@link #from}, {@link #live}, then {@code map}, {@code filter},
 * {@code stage} and {@code to}); started any number of times, each start a new, independent run.
 *
 * <pre>{@code
 * Pipeline<Order> job = Pipeline
 *     .from("read", Source.fromIterable(orders))
 *     .map("clean", Order::clean)
 *     .to("save", new OrderSink(), Dispatch.batched(500, Duration.ofMillis(200)));
 * PipelineReport report = job.run();
 * }</pre>
 *
 * <p>The blueprint is a graph: {@link PipelineBuilder} also builds branches, side outputs and
 * merges, and {@link #of} takes definitions from any tool. What {@code to(...)} returns inside a
 * branch function of the DSL is not a blueprint but a <em>branch result</em>: its
 * {@link #name()}, {@link #clock()} and {@link #toString()} work, every other method throws
 * {@link IllegalStateException}, since the pipeline it branches from is not finished.
 *
 * @param <T> the type of the records the pipeline's input accepts (for a live pipeline, what
 *     {@link LiveInput#push} takes)
 */
public final class Pipeline<T> extends BlueprintView {
  // set (and the graph null) for the result of to(...) inside a branch function, see
  // PipelineBuilder
  private final Draft branch;

  private Pipeline(String name, PipelineClock clock, Graph graph, Draft branch, boolean named) {
    this(name, clock, graph, branch, named, null);
  }

  private Pipeline(String name, PipelineClock clock, Graph graph, Draft branch, boolean named,
      Checkpointing checkpointing) {
    super(name, clock, graph, named, checkpointing);
    this.branch = branch;
  }

  /** The result of {@code to(...)} inside a branch function: it carries the branch back. */
  static <T> Pipeline<T> branchEnd(String name, Draft draft) {
    return new Pipeline<>(name, PipelineClock.system(), null, draft, false);
  }

  /** A blueprint the DSL finished; {@code named} says whether its author chose its name. */
  static <T> Pipeline<T> finished(String name, List<StageDefinition> stages, boolean named) {
    return new Pipeline<>(name, PipelineClock.system(), Graph.of(name, List.copyOf(stages)), null,
        named);
  }

  /** The branch this result carries, or {@code null} for a blueprint. */
  Draft branchDraft() {
    return branch;
  }

  /**
   * Starts a blueprint with an explicit pipeline name (used in thread names, logs and reports).
   *
   * @param pipelineName 1-64 letters, digits, '_', '.' or '-'
   * @return the start of the DSL
   * @throws IllegalArgumentException if the name is invalid
   */
  public static Named named(String pipelineName) {
    return new Named(Checks.name(pipelineName, "pipeline"), true);
  }

  /**
   * Starts a blueprint reading from a source. The pipeline has no name of its own: threads and
   * reports use the source stage's name, and failure messages name only the stage (use
   * {@link #named} or {@link #withName} to name it: messages then name it too).
   * The instance is shared by every run (see {@link StageDefinition#sharesInstance()}).
   *
   * @param name the source stage's name
   * @param source the source
   * @param <T> the record type
   * @return the DSL, positioned after the source
   * @throws NullPointerException if {@code source} is {@code null}
   * @throws IllegalArgumentException if the name is invalid
   */
  public static <T> PipelineBuilder<T, T> from(String name, Source<T> source) {
    return new Named(Checks.name(name, "stage"), false).from(name, source);
  }

  /**
   * Starts a blueprint reading from a fresh source made for each run.
   *
   * @param name the source stage's name
   * @param factory makes one source per run
   * @param <T> the record type
   * @return the DSL, positioned after the source
   * @throws NullPointerException if {@code factory} is {@code null}
   * @throws IllegalArgumentException if the name is invalid
   */
  public static <T> PipelineBuilder<T, T> from(String name,
      Supplier<? extends Source<T>> factory) {
    return new Named(Checks.name(name, "stage"), false).from(name, factory);
  }

  /**
   * Like {@link #from(String, Supplier)}, with a factory a runner can ship to other machines
   * ({@link StageFactory}).
   *
   * @param name the source stage's name
   * @param factory makes one source per run (and per remote task)
   * @param <T> the record type
   * @return the DSL, positioned after the source
   * @throws NullPointerException if {@code factory} is {@code null}
   * @throws IllegalArgumentException if the name is invalid
   */
  public static <T> PipelineBuilder<T, T> from(String name,
      StageFactory<? extends Source<T>> factory) {
    return from(name, (Supplier<? extends Source<T>>) factory);
  }

  /**
   * Starts a blueprint whose records are pushed in while it runs, through
   * {@link RunningPipeline#input()}.
   *
   * @param name the input stage's name
   * @param type the record type, for checks and messages
   * @param <T> the record type
   * @return the DSL, positioned after the input
   * @throws NullPointerException if {@code type} is {@code null}
   * @throws IllegalArgumentException if the name is invalid
   */
  public static <T> PipelineBuilder<T, T> live(String name, Class<T> type) {
    return new Named(Checks.name(name, "stage"), false).live(name, type);
  }

  /**
   * Makes a blueprint from definitions, for tools that build graphs without the DSL. Checks the
   * graph: names unique; at least one source or live input (at most one live input); every input
   * port names a node of the graph, and no sink feeds another node; no cycle; the main output of
   * every node but a sink feeds at least one node (a branch ends with a sink); a stage set to
   * {@link Fusion#FUSED} reads from exactly one port, not a live input's.
   *
   * @param name the pipeline name
   * @param clock the clock runs use
   * @param stages the definitions, in any order ({@link #stages()} orders them)
   * @param <T> the record type of the (live) input
   * @return the blueprint
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the graph is invalid, naming the stage
   */
  public static <T> Pipeline<T> of(String name, PipelineClock clock, List<StageDefinition> stages) {
    Checks.name(name, "pipeline");
    Checks.notNull(clock, "clock");
    List<StageDefinition> copy = List.copyOf(Checks.notNull(stages, "stages"));
    return new Pipeline<>(name, clock, Graph.of(name, copy), null, true);
  }

  /**
   * Returns a copy with another name.
   *
   * @param newName the name
   * @return the renamed blueprint
   * @throws IllegalArgumentException if the name is invalid
   */
  public Pipeline<T> withName(String newName) {
    return new Pipeline<>(Checks.name(newName, "pipeline"), clock(), graph(), null, true,
        checkpointing().orElse(null));
  }

  /**
   * Returns a copy whose runs measure time with {@code newClock} (a test's virtual clock, say).
   *
   * @param newClock the clock
   * @return the changed blueprint
   * @throws NullPointerException if {@code newClock} is {@code null}
   */
  public Pipeline<T> withClock(PipelineClock newClock) {
    return new Pipeline<>(name(), Checks.notNull(newClock, "clock"), graph(), null, isNamed(),
        checkpointing().orElse(null));
  }

  /**
   * Returns a copy whose runs take checkpoints and resume from them: every {@code interval} a
   * barrier leaves each source with its position and travels behind the records along every
   * edge; once every sink has it (and has {@linkplain Sink#onCheckpoint committed}), everything
   * the sources read before it has reached its fate, and the positions are saved in
   * {@code store}. A run started while the store holds a checkpoint reopens its sources there
   * ({@link ResumableSource#openAt}).
   *
   * <p>The guarantee is <b>at least once</b>: records read after the last checkpoint are read,
   * processed and written again by the next run. With idempotent sinks (an upsert by key, such as
   * the JDBC connector's) the sinks' final content is <b>effectively once</b>. State a stage keeps
   * in memory is not saved: it starts empty in the resumed run. A run that completes clears the
   * store; one that drains saves the positions it stopped at; one that fails or is cancelled
   * keeps its last completed checkpoint and notes how many records it read after it.
   *
   * <p>Parallel and asynchronous stages take part: a barrier goes to every worker behind the
   * records given to it (each flushes its batch, reason {@link FlushReason#CHECKPOINT}) and leaves
   * the stage once every worker passed it and everything before it was released (in input order
   * for an ordered stage); an async stage lets it go once every call started before it completed
   * and its result or failure was passed on. Outputs of records after a barrier never leave the
   * stage before it.
   *
   * @param store where the last completed checkpoint is kept
   * @param interval how often a checkpoint is taken, 1 ms to 1 day
   * @return the changed blueprint
   * @throws NullPointerException if {@code store} or {@code interval} is {@code null}
   * @throws IllegalArgumentException if {@code interval} is out of range, or the pipeline has a
   *     live input (pushed records cannot be read again), naming it
   */
  public Pipeline<T> withCheckpoints(CheckpointStore store, Duration interval) {
    Checkpointing setting = new Checkpointing(store, interval);
    setting.requireSupportedBy(this);
    return new Pipeline<>(name(), clock(), graph(), null, isNamed(), setting);
  }

  /**
   * Starts a run on the default runner and returns at once.
   *
   * @return the running pipeline
   * @throws IllegalStateException if no runner is on the class or module path
   */
  public RunningPipeline<T> start() {
    graph();
    return Runners.defaultRunner().start(this);
  }

  /**
   * Starts a run on the given runner.
   *
   * @param runner the runner
   * @return the running pipeline
   * @throws NullPointerException if {@code runner} is {@code null}
   */
  public RunningPipeline<T> start(PipelineRunner runner) {
    graph();
    return Checks.notNull(runner, "runner").start(this);
  }

  /**
   * Runs the pipeline to the end of its source on the default runner, blocking.
   *
   * @return the report
   * @throws StageFailedException if a stage failed
   * @throws IllegalStateException if the pipeline is live (nothing could push into it)
   * @throws InterruptedException if interrupted while waiting; the run is then cancelled
   */
  public PipelineReport run() throws InterruptedException {
    if (isLive()) {
      throw new IllegalStateException("pipeline '" + name() + "' has a live input: use start() and "
          + "push records through input()");
    }
    RunningPipeline<T> running = start();
    try {
      return running.awaitCompletion();
    } catch (InterruptedException e) {
      running.cancel();
      throw e;
    }
  }

  @Override
  public String toString() {
    List<StageDefinition> nodes = branch != null ? branch.nodes() : stages();
    return (branch != null ? "Branch of unfinished pipeline '" : "Pipeline '") + name() + "' "
        + nodes.stream().map(StageDefinition::name).toList();
  }

  /** The start of the DSL once the pipeline is named: choose its input. */
  public static final class Named {
    private final String pipelineName;
    private final boolean explicit;

    private Named(String pipelineName, boolean explicit) {
      this.pipelineName = pipelineName;
      this.explicit = explicit;
    }

    /**
     * Reads from a source instance shared by every run.
     *
     * @param name the source stage's name
     * @param source the source
     * @param <T> the record type
     * @return the DSL, positioned after the source
     * @throws NullPointerException if {@code source} is {@code null}
     * @throws IllegalArgumentException if the name is invalid
     */
    public <T> PipelineBuilder<T, T> from(String name, Source<T> source) {
      Checks.notNull(source, "source of stage '" + name + "'");
      return PipelineBuilder.start(pipelineName, explicit, name, StageKind.SOURCE,
          Factories.shared(source), true);
    }

    /**
     * Reads from a fresh source made for each run.
     *
     * @param name the source stage's name
     * @param factory makes one source per run
     * @param <T> the record type
     * @return the DSL, positioned after the source
     * @throws NullPointerException if {@code factory} is {@code null}
     * @throws IllegalArgumentException if the name is invalid
     */
    public <T> PipelineBuilder<T, T> from(String name, Supplier<? extends Source<T>> factory) {
      Checks.notNull(factory, "source factory of stage '" + name + "'");
      return PipelineBuilder.start(pipelineName, explicit, name, StageKind.SOURCE, factory, false);
    }

    /**
     * Like {@link #from(String, Supplier)}, with a factory a runner can ship to other machines.
     *
     * @param name the source stage's name
     * @param factory makes one source per run (and per remote task)
     * @param <T> the record type
     * @return the DSL, positioned after the source
     * @throws NullPointerException if {@code factory} is {@code null}
     * @throws IllegalArgumentException if the name is invalid
     */
    public <T> PipelineBuilder<T, T> from(String name, StageFactory<? extends Source<T>> factory) {
      return from(name, (Supplier<? extends Source<T>>) factory);
    }

    /**
     * Takes records pushed in while the pipeline runs.
     *
     * @param name the input stage's name
     * @param type the record type
     * @param <T> the record type
     * @return the DSL, positioned after the input
     * @throws NullPointerException if {@code type} is {@code null}
     * @throws IllegalArgumentException if the name is invalid
     */
    public <T> PipelineBuilder<T, T> live(String name, Class<T> type) {
      Checks.notNull(type, "record type of stage '" + name + "'");
      return PipelineBuilder.start(pipelineName, explicit, name, StageKind.LIVE_INPUT,
          Factories.shared(type), true);
    }
  }
}
