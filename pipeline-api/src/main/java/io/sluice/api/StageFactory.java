package io.sluice.api;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Makes one instance of a source, stage or sink: for each run on the local runner, and for each
 * task of a runner that runs a pipeline on other machines, which ships the factory there. So it is
 * {@link Serializable}: a lambda or method reference passed where the DSL takes a
 * {@code StageFactory} is serializable when what it captures is.
 *
 * <pre>{@code
 * .stage("enrich", FxEnricher::new)            // a fresh enricher per run, and per remote task
 * }</pre>
 *
 * <p>{@link StageDefinition#shippableFactory()} gives it to a runner; a factory that captures
 * something not serializable fails there, with a message naming the stage, before anything runs.
 *
 * @param <T> what it makes
 */
@FunctionalInterface
public interface StageFactory<T> extends Supplier<T>, Serializable {}
