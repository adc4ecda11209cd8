package io.sluice.api;

import java.util.List;
import java.util.Optional;

/**
 * The read side of a blueprint, apart from how one is made, copied and run ({@link Pipeline}):
 * its name, clock and checkpoint setting, the graph a runner reads, and pictures of it. Not public
 * on its own, as {@code AbstractStringBuilder} behind {@code StringBuilder}: its methods are
 * {@link Pipeline}'s.
 */
abstract class BlueprintView {
  private final String name;
  private final PipelineClock clock;
  // null for the result of to(...) inside a branch function, see PipelineBuilder
  private final Graph graph;
  // whether the author chose the name; otherwise it is the first input's, and messages omit it
  private final boolean named;
  // null unless withCheckpoints was called
  private final Checkpointing checkpointing;

  BlueprintView(String name, PipelineClock clock, Graph graph, boolean named,
      Checkpointing checkpointing) {
    this.name = name;
    this.clock = clock;
    this.graph = graph;
    this.named = named;
    this.checkpointing = checkpointing;
  }

  Graph graph() {
    if (graph == null) {
      throw new IllegalStateException("pipeline '" + name + "': this is a branch of an unfinished "
          + "pipeline, returned by to(...) inside a branch function; it runs as part of the "
          + "pipeline it branches from, which the main chain's to(...) returns");
    }
    return graph;
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
   * Tells whether the pipeline's name was chosen ({@link Pipeline#named},
   * {@link Pipeline#withName}, {@link Pipeline#of}) rather than taken from its first input
   * ({@link Pipeline#from}, {@link Pipeline#live}). Runners name an unnamed pipeline in thread
   * names and reports, but not in failure messages, where the input's name would read as if it
   * were the pipeline's.
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
   * Returns the checkpoint setting of {@link Pipeline#withCheckpoints}, if any.
   *
   * @return the setting, or empty if runs take no checkpoints
   */
  public Optional<Checkpointing> checkpointing() {
    return Optional.ofNullable(checkpointing);
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
   * @return {@code true} for a pipeline with a live input ({@link Pipeline#live})
   */
  public boolean isLive() {
    return stages().stream().anyMatch(stage -> stage.kind() == StageKind.LIVE_INPUT);
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
}
