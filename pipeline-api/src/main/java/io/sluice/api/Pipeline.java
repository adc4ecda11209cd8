package io.sluice.api;

import io.sluice.api.spi.PipelineRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
public final class Pipeline<T> {
  private final String name;
  private final PipelineClock clock;
  private final Graph graph;
  // set (and graph null) for the result of to(...) inside a branch function, see PipelineBuilder
  private final Draft branch;
  // whether the author chose the name; otherwise it is the first input's, and messages omit it
  private final boolean named;
  // null unless withCheckpoints was called
  private final Checkpointing checkpointing;

  private Pipeline(String name, PipelineClock clock, Graph graph, Draft branch, boolean named) {
    this(name, clock, graph, branch, named, null);
  }

  private Pipeline(String name, PipelineClock clock, Graph graph, Draft branch, boolean named,
      Checkpointing checkpointing) {
    this.checkpointing = checkpointing;
    this.name = name;
    this.clock = clock;
    this.graph = graph;
    this.branch = branch;
    this.named = named;
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

  private Graph graph() {
    if (graph == null) {
      throw new IllegalStateException("pipeline '" + name + "': this is a branch of an unfinished "
          + "pipeline, returned by to(...) inside a branch function; it runs as part of the "
          + "pipeline it branches from, which the main chain's to(...) returns");
    }
    return graph;
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
   * Tells whether a stage is fused with the stage feeding it: it runs on that stage's thread,
   * which hands it each record by a direct call, with no ring between them. This is the rule of
   * {@link Fusion}: {@link Fusion#FUSED} and {@link Fusion#OWN_THREAD} say so explicitly;
   * under {@link Fusion#AUTO} a {@code map}, {@code filter} or {@code flatMap} under
   * {@link Dispatch#perRecord()} is fused, anything else is not. A stage reading from a live input
   * is never fused (the input has no thread), nor is the input itself, nor a stage reading from
   * more than one port (a merge). A {@code divert} router follows the rule of a filter.
   *
   * @param stageName a stage name
   * @return {@code true} if the stage runs on the thread of the stage feeding it
   * @throws IllegalArgumentException if there is no such stage
   */
  public boolean isFused(String stageName) {
    return Fusion.fusesWithInput(this, stage(stageName));
  }


  /**
   * Returns the pipeline's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }
  /**
   * Tells whether the pipeline's name was chosen ({@link #named}, {@link #withName}, {@link #of})
   * rather than taken from its first input ({@link #from}, {@link #live}). Runners name an unnamed
   * pipeline in thread names and reports, but not in failure messages, where the input's name
   * would read as if it were the pipeline's.
   *
   * @return {@code true} if the name was chosen
   */
  public boolean isNamed() {
    return named;
  }


  /**
   * Returns the clock runs measure time with.
   *
   * @return the clock
   */
  public PipelineClock clock() {
    return clock;
  }

  /**
   * Returns the nodes of the graph, each after every node feeding it (for a linear pipeline, in
   * the order they were added); the first is an input.
   *
   * @return an immutable list
   */
  public List<StageDefinition> stages() {
    return graph().nodes();
  }

  /**
   * Returns the edges of the graph, grouped by the node they lead to, in the order of
   * {@link #stages()}.
   *
   * @return an immutable list
   */
  public List<Edge> edges() {
    return graph().edges();
  }

  /**
   * Returns the edges leaving a node: one per node its main or side outputs feed.
   *
   * @param stageName a stage name
   * @return an immutable list; empty for a sink
   * @throws IllegalArgumentException if there is no such stage
   */
  public List<Edge> edgesFrom(String stageName) {
    return graph().edgesFrom(stage(stageName).name());
  }

  /**
   * Returns the inputs of the graph: its sources and its live input, if any.
   *
   * @return an immutable list, in the order of {@link #stages()}
   */
  public List<StageDefinition> inputs() {
    return stages().stream().filter(stage -> stage.kind().isInput()).toList();
  }

  /**
   * Returns the named stage's definition.
   *
   * @param stageName a stage name
   * @return the definition
   * @throws IllegalArgumentException if there is no such stage
   */
  public StageDefinition stage(String stageName) {
    StageDefinition stage = graph().node(stageName);
    if (stage == null) {
      throw new IllegalArgumentException("pipeline '" + name + "' has no stage '" + stageName
          + "'");
    }
    return stage;
  }

  /**
   * Tells whether records are pushed in through a {@link LiveInput}.
   *
   * @return {@code true} for a pipeline with a live input ({@link #live})
   */
  public boolean isLive() {
    return stages().stream().anyMatch(stage -> stage.kind() == StageKind.LIVE_INPUT);
  }

  /**
   * Returns a copy with another name.
   *
   * @param newName the name
   * @return the renamed blueprint
   * @throws IllegalArgumentException if the name is invalid
   */
  public Pipeline<T> withName(String newName) {
    return new Pipeline<>(Checks.name(newName, "pipeline"), clock, graph(), null, true,
        checkpointing);
  }

  /**
   * Returns a copy whose runs measure time with {@code newClock} (a test's virtual clock, say).
   *
   * @param newClock the clock
   * @return the changed blueprint
   * @throws NullPointerException if {@code newClock} is {@code null}
   */
  public Pipeline<T> withClock(PipelineClock newClock) {
    return new Pipeline<>(name, Checks.notNull(newClock, "clock"), graph(), null, named,
        checkpointing);
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
    return new Pipeline<>(name, clock, graph(), null, named, setting);
  }

  /**
   * Returns the checkpoint setting of {@link #withCheckpoints}, if any.
   *
   * @return the setting, or empty if runs take no checkpoints
   */
  public Optional<Checkpointing> checkpointing() {
    return Optional.ofNullable(checkpointing);
  }

  /**
   * Returns a text picture of the stages, one per line, with kind, dispatch, the thread each runs
   * on (numbered from 1; stages on one thread are {@linkplain #isFused fused}) and the ring size of
   * each stage that has a ring.
   *
   * @return the description
   */
  public String describe() {
    return Description.of(this);
  }

  /**
   * Returns the text picture of {@link #describe()} annotated with a run's counts: records in and
   * out per stage, fates, batches by flush reason, busy and blocked time, per worker of a parallel
   * stage. Takes a final report as well as a live snapshot.
   *
   * @param counts a report or snapshot of a run of this pipeline
   * @return the annotated description
   * @throws NullPointerException if {@code counts} is {@code null}
   * @throws IllegalArgumentException if the report lacks a stage of this pipeline
   */
  public String describe(PipelineReport counts) {
    return Description.of(this, Checks.notNull(counts, "counts"));
  }

  /**
   * Returns a Mermaid flowchart of the stages (paste into Markdown inside a {@code mermaid} code
   * block), each node showing name, kind and dispatch.
   *
   * @return the Mermaid source
   */
  public String describeMermaid() {
    return Description.mermaid(this, null);
  }

  /**
   * Returns the Mermaid flowchart annotated with a run's counts (records in and out per stage,
   * records queued on each edge).
   *
   * @param counts a report or snapshot of a run of this pipeline
   * @return the Mermaid source
   * @throws NullPointerException if {@code counts} is {@code null}
   * @throws IllegalArgumentException if the report lacks a stage of this pipeline
   */
  public String describeMermaid(PipelineReport counts) {
    return Description.mermaid(this, Checks.notNull(counts, "counts"));
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
      throw new IllegalStateException("pipeline '" + name + "' has a live input: use start() and "
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
    List<StageDefinition> nodes = graph == null ? branch.nodes() : stages();
    return (graph == null ? "Branch of unfinished pipeline '" : "Pipeline '") + name + "' "
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
