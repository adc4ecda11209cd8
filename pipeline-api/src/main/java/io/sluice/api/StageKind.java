package io.sluice.api;

/** What a node of a pipeline blueprint is, as a runner sees it. */
public enum StageKind {
  /** Reads records from a {@link Source}; has no input. */
  SOURCE(true, false),
  /** Receives records pushed through a {@link LiveInput}; has no input stage. */
  LIVE_INPUT(true, false),
  /** A {@link Stage} built by {@code map}: one record out per record in. */
  MAP(false, false),
  /** A {@link Stage} built by {@code filter}: the record or nothing. */
  FILTER(false, false),
  /** A {@link Stage} built by {@code flatMap}: zero or more records out per record in. */
  FLAT_MAP(false, false),
  /**
   * A {@link Stage} built by {@code divert}: each record leaves either by its main output or by its
   * side output {@value PipelineBuilder#DIVERTED}, never both.
   */
  ROUTE(false, false),
  /** A user-written {@link Stage}. */
  STAGE(false, false),
  /** A {@link Sink}: the end of the pipeline. */
  SINK(false, true);

  private final boolean input;
  private final boolean sink;

  StageKind(boolean input, boolean sink) {
    this.input = input;
    this.sink = sink;
  }

  /**
   * Tells whether this kind starts a pipeline (a source or a live input).
   *
   * @return {@code true} for {@link #SOURCE} and {@link #LIVE_INPUT}
   */
  public boolean isInput() {
    return input;
  }

  /**
   * Tells whether this kind ends a pipeline.
   *
   * @return {@code true} for {@link #SINK}
   */
  public boolean isSink() {
    return sink;
  }

  /**
   * Tells whether a runner obtains a {@link Stage} for this kind through
   * {@link StageDefinition#newStage()}.
   *
   * @return {@code true} for map, filter, flatMap, route and user stages
   */
  public boolean isStage() {
    return !input && !sink;
  }
}
