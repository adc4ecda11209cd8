package io.sluice.runtime.engine;

/**
 * Unwinds a stage thread whose run was cancelled or failed elsewhere, e.g. out of an emit blocked on
 * a full ring. Carries no stack trace: it is control flow, thrown once per thread at most.
 */
final class Stopped extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final Stopped INSTANCE = new Stopped();

  private Stopped() {
    super("the run was stopped", null, false, false);
  }
}
