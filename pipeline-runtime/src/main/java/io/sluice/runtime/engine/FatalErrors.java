package io.sluice.runtime.engine;

/**
 * Which throwables a stage's error policy never handles. Everything a stage throws is a failure
 * of the record or batch it was called with and takes the policy (retried, skipped,
 * dead-lettered), an {@code Error} such as an {@code AssertionError} or a
 * {@code StackOverflowError} on a deeply nested record included; but an error saying the JVM
 * itself is broken (out of memory, an internal error) or the class path is (a
 * {@link LinkageError}: every later record would fail the same way, and a skip policy would
 * quietly skip them all) fails the run at once, naming the stage and record.
 */
final class FatalErrors {
  private FatalErrors() {}

  /** Tells whether {@code thrown} fails the run whatever the stage's policy says. */
  static boolean isFatal(Throwable thrown) {
    return thrown instanceof VirtualMachineError && !(thrown instanceof StackOverflowError)
        || thrown instanceof LinkageError;
  }
}
