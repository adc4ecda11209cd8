package io.sluice.testkit.jqwik;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Runs the jqwik properties of a container (or one property) with the {@link SluiceLeakHook}:
 * properties can declare a {@link io.sluice.testkit.PipelineTester} or
 * {@link io.sluice.testkit.VirtualClock} parameter (a fresh one per try), and a try that leaves a
 * pipeline run going or a {@code sluice-} thread alive is falsified, naming them.
 *
 * <pre>{@code
 * @SluiceProperties
 * class OrderProperties {
 *   @Property
 *   void neverLosesAnOrder(@ForAll List<Integer> input, PipelineTester tester) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@AddLifecycleHook(SluiceLeakHook.class)
public @interface SluiceProperties {}
