package io.sluice.api;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One node of a pipeline blueprint, as a runner reads it: name, kind, settings, which stages feed
 * it, and how to obtain an instance. Immutable.
 *
 * <p>Instances come from a factory so that every run (and, later, every worker of a parallel stage)
 * gets its own. When the pipeline author passed an instance rather than a factory the definition is
 * {@linkplain #sharesInstance() shared}: every run uses that one instance, opening and closing it
 * once per run, so such an instance must not be used by two runs at the same time.
 */
public final class StageDefinition {
  private final String name;
  private final StageKind kind;
  private final StageOptions options;
  private final List<Port> inputPorts;
  private final List<String> inputs;
  private final Supplier<?> factory;
  private final boolean sharesInstance;

  private StageDefinition(String name, StageKind kind, StageOptions options, List<Port> inputPorts,
      Supplier<?> factory, boolean sharesInstance) {
    this.name = name;
    this.kind = kind;
    this.options = options;
    this.inputPorts = inputPorts;
    this.inputs = inputPorts.stream().map(Port::stage).distinct().toList();
    this.factory = factory;
    this.sharesInstance = sharesInstance;
  }

  /**
   * Creates a definition, checking every part.
   *
   * @param name the stage name (1-64 letters, digits, '_', '.', '-')
   * @param kind what the node is
   * @param options the stage's settings
   * @param inputs the names of the stages whose main outputs feed this one: empty for an input
   *     kind, not empty otherwise (see {@link #withInputPorts} to read side outputs)
   * @param factory makes the {@link Source}, {@link Stage} or {@link Sink} the kind calls for; for
   *     {@link StageKind#LIVE_INPUT} it supplies the record {@link Class}
   * @param sharesInstance whether the factory returns one instance every time
   * @return the definition
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the name, options or inputs are invalid for the kind (an
   *     input kind takes no error policy but {@link ErrorPolicy#failFast()})
   */
  public static StageDefinition of(String name, StageKind kind, StageOptions options,
      List<String> inputs, Supplier<?> factory, boolean sharesInstance) {
    Checks.name(name, "stage");
    Checks.notNull(kind, "kind of stage '" + name + "'");
    Checks.notNull(options, "options of stage '" + name + "'").requireValidFor(name);
    List<Port> ports = Checks.notNull(inputs, "inputs of stage '" + name + "'").stream()
        .map(input -> Port.main(Checks.notNull(input, "an input of stage '" + name + "'")))
        .toList();
    return create(name, kind, options, ports, factory, sharesInstance);
  }

  private static StageDefinition create(String name, StageKind kind, StageOptions options,
      List<Port> ports, Supplier<?> factory, boolean sharesInstance) {
    Checks.name(name, "stage");
    Checks.notNull(kind, "kind of stage '" + name + "'");
    Checks.notNull(options, "options of stage '" + name + "'").requireValidFor(name);
    List<Port> in = List.copyOf(Checks.notNull(ports, "input ports of stage '" + name + "'"));
    Checks.check(!kind.isInput() || options.errorPolicy().isFailFast(),
        "stage '%s' is an input of the pipeline and cannot have error policy %s: a failing "
            + "source fails the run", name, options.errorPolicy());
    Checks.check(kind.isInput() == in.isEmpty(),
        "stage '%s': a %s must have %s inputs but has %s", name, kind,
        kind.isInput() ? "no" : "one or more", in);
    Checks.check(in.stream().distinct().count() == in.size(),
        "stage '%s' reads from the same port twice: %s", name, in);
    Checks.check(in.stream().noneMatch(port -> port.stage().equals(name)),
        "stage '%s' reads from itself: %s", name, in);
    Checks.notNull(factory, "factory of stage '" + name + "'");
    return new StageDefinition(name, kind, options, in, factory, sharesInstance);
  }

  /**
   * Returns a copy reading from other ports: main outputs or side outputs of other nodes.
   *
   * @param ports the ports feeding this node, in order
   * @return the changed definition
   * @throws NullPointerException if {@code ports} or one of them is {@code null}
   * @throws IllegalArgumentException if the ports do not suit the kind (none for an input, at
   *     least one otherwise), a port is listed twice, or the node reads from itself
   */
  public StageDefinition withInputPorts(List<Port> ports) {
    return create(name, kind, options, ports, factory, sharesInstance);
  }

  /**
   * Returns a copy with other settings.
   *
   * @param newOptions the settings
   * @return the changed definition
   * @throws NullPointerException if {@code newOptions} is {@code null}
   * @throws IllegalArgumentException if the settings are invalid, naming this stage
   */
  public StageDefinition withOptions(StageOptions newOptions) {
    return create(name, kind, newOptions, inputPorts, factory, sharesInstance);
  }

  /**
   * Returns the stage name, unique within its pipeline.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns what the node is.
   *
   * @return the kind
   */
  public StageKind kind() {
    return kind;
  }

  /**
   * Returns the stage's settings.
   *
   * @return the options
   */
  public StageOptions options() {
    return options;
  }

  /**
   * Shortcut for {@code options().dispatch()}.
   *
   * @return the dispatch
   */
  public Dispatch dispatch() {
    return options.dispatch();
  }

  /**
   * Shortcut for {@code options().errorPolicy()}.
   *
   * @return the error policy
   */
  public ErrorPolicy errorPolicy() {
    return options.errorPolicy();
  }

  /**
   * Returns the names of the stages feeding this one, in order and each once; empty for a source.
   *
   * @return the input stage names
   */
  public List<String> inputs() {
    return inputs;
  }

  /**
   * Returns the ports feeding this node, in order: main outputs or side outputs of other nodes.
   *
   * @return the input ports; empty for an input node
   */
  public List<Port> inputPorts() {
    return inputPorts;
  }

  /**
   * Tells whether every run uses the same instance (the author passed an instance, not a factory).
   *
   * @return {@code true} if the instance is shared across runs
   */
  public boolean sharesInstance() {
    return sharesInstance;
  }

  /**
   * Returns the factory of this node if a runner can ship it to other machines: it was given as a
   * {@link StageFactory} (a shared instance counts when the instance is {@link Serializable}, and
   * so do {@code map}, {@code filter}, {@code flatMap} and {@code divert} whose functions are).
   * Whether what it captures really serializes shows only when it is serialized.
   *
   * @return the factory, or empty if it cannot be shipped
   */
  public Optional<StageFactory<?>> shippableFactory() {
    return factory instanceof StageFactory<?> shippable ? Optional.of(shippable)
        : Optional.empty();
  }

  /**
   * Obtains the source of a {@link StageKind#SOURCE} node.
   *
   * @return a source instance
   * @throws IllegalStateException if this node is not a source or the factory returned {@code null}
   */
  public Source<?> newSource() {
    return instance(Source.class, kind == StageKind.SOURCE);
  }

  /**
   * Obtains the stage of a map, filter, flatMap or user stage node.
   *
   * @return a stage instance
   * @throws IllegalStateException if this node is not such a stage or the factory returned
   *     {@code null}
   */
  public Stage<?, ?> newStage() {
    return instance(Stage.class, kind.isStage());
  }

  /**
   * Obtains the sink of a {@link StageKind#SINK} node.
   *
   * @return a sink instance
   * @throws IllegalStateException if this node is not a sink or the factory returned {@code null}
   */
  public Sink<?> newSink() {
    return instance(Sink.class, kind == StageKind.SINK);
  }

  /**
   * Returns the record type accepted by a {@link StageKind#LIVE_INPUT} node.
   *
   * @return the record class
   * @throws IllegalStateException if this node is not a live input
   */
  public Class<?> liveRecordType() {
    return instance(Class.class, kind == StageKind.LIVE_INPUT);
  }

  private <T> T instance(Class<T> type, boolean kindMatches) {
    if (!kindMatches) {
      throw new IllegalStateException(
          "stage '" + name + "' is a " + kind + ", not a " + type.getSimpleName());
    }
    Object made = factory.get();
    if (!type.isInstance(made)) {
      throw new IllegalStateException("the factory of stage '" + name + "' returned "
          + (made == null ? "null" : made.getClass().getName()) + ", not a "
          + type.getSimpleName());
    }
    return type.cast(made);
  }

  @Override
  public String toString() {
    return name + " (" + kind + ", " + options + ", inputs " + inputPorts + ")";
  }
}
