/**
 * Testing Sluice stages and pipelines without sleeping and without flakiness.
 *
 * <ul>
 *   <li>{@link io.sluice.testkit.VirtualClock}: time that moves only when the test says.
 *   <li>{@link io.sluice.testkit.StageHarness}: one stage on the calling thread, batches and flush
 *       reasons included.
 *   <li>{@link io.sluice.testkit.PipelineTester}: whole pipelines, deterministically on the calling
 *       thread ({@link io.sluice.testkit.DeterministicRun}) or on the real runtime, with
 *       {@link io.sluice.testkit.TestSource} and {@link io.sluice.testkit.TestSink} probes.
 *   <li>{@link io.sluice.testkit.LeakCheck}: runs left going and {@code sluice-} threads left alive.
 *   <li>{@link io.sluice.testkit.Accounting}, {@link io.sluice.testkit.DispatchInvariance},
 *       {@link io.sluice.testkit.FaultPlan}: ready-made checks and fault injection.
 * </ul>
 *
 * <p>The JUnit 5 extension is in {@link io.sluice.testkit.junit}, the jqwik support in
 * {@link io.sluice.testkit.jqwik}.
 */
package io.sluice.testkit;
