package io.sluice.testkit.jqwik;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Lets the jqwik fixture containers run only when a test runs them through the JUnit Platform test
 * kit on purpose (some fail by design), not when an IDE or build picks them up.
 */
public final class OnlyWhenRequested implements SkipExecutionHook {
  static final String PROPERTY = "sluice.testkit.jqwik-fixtures";

  /** Creates the hook; jqwik calls this. */
  public OnlyWhenRequested() {}

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    return Boolean.getBoolean(PROPERTY) ? SkipResult.doNotSkip()
        : SkipResult.skip("a fixture for the engine test kit only");
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }
}
