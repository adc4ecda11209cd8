package io.sluice.runtime.engine;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Edge;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineClock;
import io.sluice.api.Port;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageDefinition;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One run of a blueprint, made once and scheduled by any runner: an instance and a {@link Step}
 * per stage (error policy and dead-letter channel wired, one channel per dead-letter sink shared by
 * the stages naming it), a source per source node, a count per edge. Runners differ only in how
 * records cross each edge: the local runner puts a ring where a stage has a thread of its own and
 * calls fused stages directly; the deterministic runner calls every stage directly. Reports,
 * outcome and the accounting check are then built here, the same for every runner.
 */
public final class RunPlan {
  private final Pipeline<?> pipeline;
  private final RunControl control;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final Map<String, Source<?>> sources = new LinkedHashMap<>();
  private final Map<Edge, EdgeCount> edges = new LinkedHashMap<>();
  private final Map<String, Emitter<Object>> inputOutputs = new LinkedHashMap<>();
  private final Map<String, ConcurrentNode> concurrent = new LinkedHashMap<>();
  private CheckpointCoordinator checkpoints;
  private final HeldSources heldSources;

  private RunPlan(Pipeline<?> pipeline, RunControl control) {
    this.pipeline = pipeline;
    this.control = control;
    this.heldSources = new HeldSources(control, pipeline.name());
  }

  /**
   * Makes the instances of a run: every factory is called here, before any thread starts.
   *
   * @param pipeline the blueprint, with the clock the run uses
   * @param control the run's control
   * @param timing whether steps time their calls
   * @return the plan
   * @throws StageFailedException if a factory threw, naming the stage and with what it threw as
   *     the cause; no thread was started
   * @throws IllegalArgumentException if the run takes checkpoints and a source cannot resume
   * @throws IllegalStateException if the run takes checkpoints and their store cannot be read
   */
  public static RunPlan of(Pipeline<?> pipeline, RunControl control, boolean timing) {
    RunPlan plan = new RunPlan(pipeline, control);
    PipelineClock clock = pipeline.clock();
    Map<Sink<?>, DeadLetterChannel> channels = new IdentityHashMap<>();
    for (StageDefinition def : pipeline.stages()) {
      if (def.kind().isInput()) {
        if (def.kind() == StageKind.SOURCE) {
          plan.sources.put(def.name(), (Source<?>) made(pipeline, def, def::newSource));
        }
        continue;
      }
      Object instance = made(pipeline, def, def.kind().isSink() ? def::newSink : def::newStage);
      Sink<? super DeadLetter> deadLetterSink = def.errorPolicy().deadLetterSink().orElse(null);
      DeadLetterChannel deadLetters = deadLetterSink == null ? null
          : channels.computeIfAbsent(deadLetterSink, sink -> new DeadLetterChannel(deadLetterSink,
              new Context(pipeline.name(), "dead-letters", Dispatch.perRecord(), clock)));
      Context context = new Context(pipeline.name(), def.name(), def.dispatch(), clock);
      Step step = new Step(def.kind(), def.options().isConcurrent() ? ConcurrentNodes.SUMMARY
          : def.kind().isSink() ? Step.sinkAsStage((Sink<?>) instance) : (Stage<?, ?>) instance,
          context, control, def.errorPolicy(), deadLetters);
      if (!timing) {
        step.useMeters(new StageMeters(false));
      }
      plan.steps.put(def.name(), step);
      if (def.options().isConcurrent()) { // the step sums the node's workers up, and connects it
        plan.concurrent.put(def.name(),
            ConcurrentNodes.of(plan, def, step, instance, deadLetters, timing));
      }
    }
    for (Edge edge : pipeline.edges()) {
      plan.edges.put(edge, new EdgeCount(edge));
    }
    plan.checkpoints = CheckpointCoordinator.of(plan);
    return plan;
  }

  private static Object made(Pipeline<?> pipeline, StageDefinition def,
      Supplier<?> factory) {
    try {
      return factory.get();
    } catch (RuntimeException | Error e) {
      throw new StageFailedException(pipeline.name(), def.name(), null, null, e,
          "its factory threw when the run started");
    }
  }

  /**
   * Connects every output port to what receives its edges' records, as the runner decides per
   * edge; a port feeding several nodes hands each record to each in turn.
   *
   * @param receiverOf the emitter that takes an edge's records: {@link #direct} or a ring's outbox
   */
  public void connect(Function<Edge, Emitter<Object>> receiverOf) {
    for (StageDefinition def : pipeline.stages()) {
      Map<String, List<Edge>> byPort = new LinkedHashMap<>();
      for (Edge edge : pipeline.edgesFrom(def.name())) {
        byPort.computeIfAbsent(edge.from().name(), k -> new ArrayList<>()).add(edge);
      }
      for (Map.Entry<String, List<Edge>> port : byPort.entrySet()) {
        List<Edge> edges = port.getValue();
        Emitter<Object> out = edges.size() == 1 ? receiverOf.apply(edges.get(0))
            : new FanOut(edges.stream().map(receiverOf).toList(),
                edges.stream().map(this::edgeCount).toList());
        if (def.kind().isInput()) {
          inputOutputs.put(def.name(), out);
        } else if (Port.MAIN.equals(port.getKey())) {
          steps.get(def.name()).connect(out);
        } else {
          steps.get(def.name()).connectSide(port.getKey(), out);
        }
      }
    }
    for (Step step : steps.values()) {
      step.specialise(); // a path per shape: fused chains the JIT can inline
    }
  }

  /**
   * Returns the emitter that hands an edge's records straight to the receiving step, counting them.
   *
   * @param edge an edge of the blueprint
   * @return the direct input
   */
  public Emitter<Object> direct(Edge edge) {
    ConcurrentNode node = concurrent.get(edge.to());
    return node != null ? node.input(edgeCount(edge))
        : new StepInput(step(edge.to()), edgeCount(edge));
  }

  /**
   * Returns the parallel and async nodes, each after the nodes feeding it. Their steps in
   * {@link #steps()} only sum them up: drive these instead.
   *
   * @return the concurrent nodes
   */
  public List<ConcurrentNode> concurrentNodes() {
    return List.copyOf(concurrent.values());
  }

  /**
   * Returns the concurrent node of a stage.
   *
   * @param name a stage
   * @return its node, or {@code null} if it runs as one step
   */
  public ConcurrentNode concurrent(String name) {
    return concurrent.get(name);
  }

  /**
   * Returns where an input node's records go, once {@link #connect} ran.
   *
   * @param inputName a source or live input
   * @return the emitter of its main output
   */
  public Emitter<Object> outputOf(String inputName) {
    return inputOutputs.get(inputName);
  }

  /**
   * Returns the count of an edge.
   *
   * @param edge an edge of the blueprint
   * @return its count
   */
  EdgeCount edgeCount(Edge edge) {
    return edges.get(edge);
  }

  /**
   * Returns the step of a stage.
   *
   * @param name a stage (not an input) of the blueprint
   * @return its step
   * @throws IllegalArgumentException if there is no such stage after the inputs
   */
  public Step step(String name) {
    Step step = steps.get(name);
    if (step == null) {
      throw new IllegalArgumentException("pipeline '" + pipeline.name() + "' has no stage '"
          + name + "' after its inputs");
    }
    return step;
  }

  /**
   * Returns every step, each after the steps feeding it.
   *
   * @return the steps
   */
  public List<Step> steps() {
    return List.copyOf(steps.values());
  }

  /**
   * Returns the source instance of a source node.
   *
   * @param name a source node
   * @return its source
   */
  public Source<?> source(String name) {
    return sources.get(name);
  }

  /**
   * Returns the blueprint.
   *
   * @return the pipeline
   */
  public Pipeline<?> pipeline() {
    return pipeline;
  }

  /**
   * Returns the run's checkpoints.
   *
   * @return the coordinator, or {@code null} if the blueprint takes no checkpoints
   */
  public CheckpointCoordinator checkpoints() {
    return checkpoints;
  }

  /**
   * Returns the sources held open until the run ends, for the end-of-run call.
   *
   * @return the held sources
   */
  public HeldSources heldSources() {
    return heldSources;
  }

  /**
   * Returns the run's control.
   *
   * @return the control
   */
  public RunControl control() {
    return control;
  }
}
