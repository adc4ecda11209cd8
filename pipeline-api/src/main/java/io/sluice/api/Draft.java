package io.sluice.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The graph a {@link PipelineBuilder} is building: the definitions added so far (branches
 * included), the ports the next stage reads from (the cursor), the stage the settings methods
 * change (the stage added last), and which branch function's builder this is, if any. Immutable:
 * every change returns a new draft, so a fragment can be reused, branched and merged.
 *
 * <p>Only names are checked here, eagerly, so a mistake is reported at the call that made it;
 * the whole graph is checked by {@link Graph} when the main chain ends with {@code to(...)}.
 */
final class Draft {
  private final String pipelineName;
  private final boolean named;
  private final List<StageDefinition> nodes;
  private final Map<Port, Class<?>> sideOutputs;
  private final List<Port> cursor;
  // the stage added last, which the settings methods change; null after a merge or at the start
  // of a branch, where "last" would be ambiguous, with noCurrent saying why for the message
  private final String current;
  private final String noCurrent;
  // identifies the builder handed to one branch function; null on the main chain
  private final Object branch;

  private Draft(String pipelineName, boolean named, List<StageDefinition> nodes,
      Map<Port, Class<?>> sideOutputs, List<Port> cursor, String current, String noCurrent,
      Object branch) {
    this.pipelineName = pipelineName;
    this.named = named;
    this.nodes = nodes;
    this.sideOutputs = sideOutputs;
    this.cursor = cursor;
    this.current = current;
    this.noCurrent = noCurrent;
    this.branch = branch;
  }

  /** A draft holding one input node; {@code named} says the pipeline name was chosen explicitly. */
  static Draft start(String pipelineName, boolean named, StageDefinition input) {
    return new Draft(pipelineName, named, List.of(input), Map.of(),
        List.of(Port.main(input.name())), input.name(), null, null);
  }

  String pipelineName() {
    return pipelineName;
  }

  List<Port> cursor() {
    return cursor;
  }

  Object branch() {
    return branch;
  }

  List<StageDefinition> nodes() {
    return nodes;
  }

  StageDefinition node(String name) {
    return nodes.stream().filter(node -> node.name().equals(name)).findFirst().orElseThrow();
  }

  /** Adds a node reading the cursor and moves the cursor to its main output. */
  Draft then(Node node) {
    StageDefinition added = define(node, cursor);
    return new Draft(pipelineName, named, append(added), sideOutputs,
        List.of(Port.main(added.name())), added.name(), null, branch);
  }

  /** Adds a node reading {@code ports}; the cursor and the stage added last stay where they are. */
  Draft attach(Node node, List<Port> ports) {
    return new Draft(pipelineName, named, append(define(node, ports)), sideOutputs, cursor,
        current, noCurrent, branch);
  }

  /**
   * Checks that a side output of the stage added last can be connected, and records its type.
   * The returned draft has the same cursor; {@link #sidePort} names the port.
   */
  Draft connect(SideOutput<?> output, String operation) {
    Checks.notNull(output, "side output");
    StageDefinition owner = current(operation);
    Checks.check(!owner.kind().isInput(), "stage '%s' is an input of the pipeline and has no side "
        + "outputs: a source emits to its main output only", owner.name());
    Checks.check(owner.kind() != StageKind.ROUTE, "stage '%s' is a divert(...) router: its only "
        + "side output is '%s', connected by divert itself", owner.name(),
        PipelineBuilder.DIVERTED);
    Map<Port, Class<?>> types = new HashMap<>(sideOutputs);
    putSideOutput(types, new Port(owner.name(), output.name()), output.type());
    return new Draft(pipelineName, named, nodes, Map.copyOf(types), cursor, current, noCurrent,
        branch);
  }

  /** The port of a side output of the stage added last (after {@link #connect}). */
  Port sidePort(SideOutput<?> output) {
    return new Port(current, output.name());
  }

  /** The draft a branch function starts from: reads {@code ports}, no stage added yet. */
  Draft branchAt(List<Port> ports, Object token) {
    return new Draft(pipelineName, named, nodes, sideOutputs, List.copyOf(ports), null,
        "the branch started at " + describe(ports), token);
  }

  /** Takes the nodes a branch added; the cursor, stage added last and branch stay this draft's. */
  Draft rejoin(Draft branchEnd) {
    return new Draft(branchEnd.pipelineName, branchEnd.named, branchEnd.nodes,
        branchEnd.sideOutputs, cursor, current, noCurrent, branch);
  }

  /**
   * Unions the others' graphs into this one; the cursor becomes all the cursors, in order. A node
   * both hold must be the same definition. The receiver's explicit name wins, else an other's; a
   * merge inside a branch function stays in that branch whichever builder receives it.
   */
  Draft merge(List<Draft> others) {
    String name = pipelineName;
    boolean isNamed = named;
    Object token = branch;
    boolean live = nodes.stream().anyMatch(node -> node.kind() == StageKind.LIVE_INPUT);
    Map<String, StageDefinition> byName = new LinkedHashMap<>();
    nodes.forEach(node -> byName.put(node.name(), node));
    Map<Port, Class<?>> types = new HashMap<>(sideOutputs);
    List<Port> ports = new ArrayList<>(cursor);
    for (Draft other : others) {
      if (other.named && !isNamed) {
        name = other.pipelineName;
        isNamed = true;
      }
      Checks.check(!other.named || other.pipelineName.equals(name), "mergeWith(...) joins "
          + "pipeline '%s' and pipeline '%s': name the merged pipeline once", name,
          other.pipelineName);
      for (StageDefinition node : other.nodes) {
        StageDefinition known = byName.putIfAbsent(node.name(), node);
        Checks.check(known == null || known == node, "pipeline '%s': duplicate stage name '%s' "
            + "in mergeWith(...): the merged builders hold two different stages of that name",
            name, node.name());
        Checks.check(live || node.kind() != StageKind.LIVE_INPUT, "pipeline '%s': live input '%s' "
            + "cannot be merged into a chain from a source: start with live(...) and merge the "
            + "sources into it, so the pipeline's input type is the live input's", name,
            node.name());
      }
      token = token == null ? other.branch : token;
      other.sideOutputs.forEach((port, type) -> putSideOutput(types, port, type));
      for (Port port : other.cursor) {
        Checks.check(!ports.contains(port), "pipeline '%s': mergeWith(...) joins port '%s' twice: "
            + "a stage reads each port once", name, port);
        ports.add(port);
      }
    }
    return new Draft(name, isNamed, List.copyOf(byName.values()), Map.copyOf(types),
        List.copyOf(ports), null, "mergeWith(...) joined " + describe(ports), token);
  }

  /** The stage added last, which {@code operation} changes. */
  StageDefinition current(String operation) {
    if (current == null) {
      throw new IllegalStateException(String.format("pipeline '%s': %s applies to the stage added "
          + "last, and none was added since %s: add a stage first", pipelineName, operation,
          noCurrent));
    }
    return node(current);
  }

  /** Replaces the stage added last with {@code changed}, a copy with other settings. */
  Draft replaceCurrent(StageDefinition changed) {
    List<StageDefinition> next = new ArrayList<>(nodes);
    next.replaceAll(node -> node.name().equals(changed.name()) ? changed : node);
    return new Draft(pipelineName, named, List.copyOf(next), sideOutputs, cursor, current,
        noCurrent, branch);
  }

  /** Builds the blueprint, or the branch result a branch function returns. */
  <S> Pipeline<S> finish() {
    return branch == null ? Pipeline.finished(pipelineName, nodes, named)
        : Pipeline.branchEnd(pipelineName, this);
  }

  /** Checks the name first, so a taken name is reported as such, not as what follows from it. */
  private StageDefinition define(Node node, List<Port> ports) {
    Checks.name(node.name(), "stage");
    for (StageDefinition existing : nodes) {
      Checks.check(!existing.name().equals(node.name()),
          "pipeline '%s': duplicate stage name '%s'", pipelineName, node.name());
    }
    return node.readingFrom(ports);
  }

  private List<StageDefinition> append(StageDefinition node) {
    List<StageDefinition> next = new ArrayList<>(nodes);
    next.add(node);
    return List.copyOf(next);
  }

  private static void putSideOutput(Map<Port, Class<?>> types, Port port, Class<?> type) {
    Class<?> known = types.putIfAbsent(port, type);
    Checks.check(known == null || known.equals(type), "stage '%s': side output '%s' is connected "
        + "with type %s and with type %s: one name, one type", port.stage(), port.name(),
        known == null ? null : known.getName(), type.getName());
  }

  /** A node to add, before the draft decides which ports it reads from. */
  record Node(String name, StageKind kind, StageOptions options, Supplier<?> factory,
      boolean shared) {

    StageDefinition readingFrom(List<Port> ports) {
      List<String> stages = ports.stream().map(Port::stage).distinct().toList();
      return StageDefinition.of(name, kind, options, stages, factory, shared)
          .withInputPorts(ports);
    }
  }

  private static String describe(List<Port> ports) {
    return ports.stream().map(Port::toString).collect(Collectors.joining(", "));
  }
}
