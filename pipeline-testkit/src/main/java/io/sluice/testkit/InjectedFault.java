package io.sluice.testkit;

/**
 * The exception a {@link FaultPlan} makes a stage throw, so a test can tell a planned failure from
 * a real one.
 */
public final class InjectedFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the fault.
   *
   * @param message what failed, naming the stage and the record or lifecycle step
   */
  public InjectedFault(String message) {
    super(message);
  }
}
