/**
 * JUnit 5 support: {@link io.sluice.testkit.junit.SluiceTest} injects a
 * {@link io.sluice.testkit.PipelineTester} and its clock into each test and fails a test that leaks
 * a pipeline run or a {@code sluice-} thread.
 */
package io.sluice.testkit.junit;
