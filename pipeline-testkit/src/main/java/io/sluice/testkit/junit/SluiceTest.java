package io.sluice.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class (or method) with the {@link SluiceExtension}: test and lifecycle
 * methods can declare a {@link io.sluice.testkit.PipelineTester} or
 * {@link io.sluice.testkit.VirtualClock} parameter (a fresh one per test), and a test that leaves a
 * pipeline run going or a {@code sluice-} thread alive fails, naming them.
 *
 * <pre>{@code
 * @SluiceTest
 * class OrderPipelineTest {
 *   @Test
 *   void savesInBatches(PipelineTester tester, VirtualClock clock) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(SluiceExtension.class)
public @interface SluiceTest {}
