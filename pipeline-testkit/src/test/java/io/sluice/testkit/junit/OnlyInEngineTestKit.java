package io.sluice.testkit.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets the fixture classes run only when the JUnit Platform test kit runs them on purpose (some of
 * them fail by design), not when an IDE or build picks them up.
 */
final class OnlyInEngineTestKit implements ExecutionCondition {
  static final String PARAMETER = "sluice.testkit.fixtures";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(PARAMETER).isPresent()
        ? ConditionEvaluationResult.enabled("run by the engine test kit")
        : ConditionEvaluationResult.disabled("a fixture for the engine test kit only");
  }
}
