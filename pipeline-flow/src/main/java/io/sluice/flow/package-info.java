/**
 * Reactive Streams ({@link java.util.concurrent.Flow}) adapters for Sluice pipelines; the entry
 * point is {@link io.sluice.flow.Flows}. Every adapter bounds its demand: nothing requests more
 * than it has room for, so a slow pipeline slows its publisher and a slow subscriber slows the
 * pipeline.
 */
package io.sluice.flow;
