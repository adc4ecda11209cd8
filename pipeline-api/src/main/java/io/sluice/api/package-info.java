/**
 * The Sluice API: stages, sinks and sources, the {@link io.sluice.api.Dispatch} setting, and the
 * {@link io.sluice.api.Pipeline} DSL that builds immutable blueprints.
 */
package io.sluice.api;
