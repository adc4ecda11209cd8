package io.sluice.kafka;

import org.apache.kafka.common.errors.InterruptException;

/**
 * Closes a Kafka client whatever the thread's interrupt status: a cancelled run interrupts its
 * threads once, possibly while they close, and a Kafka client interrupted in {@code close} throws
 * {@link InterruptException} and leaves its network thread behind. The interrupt is kept for
 * the caller.
 */
final class Uninterruptibly {
  private Uninterruptibly() {}

  /**
   * Runs {@code close} with the interrupt status cleared; if an interrupt arrives during it, runs
   * {@code force} (a close without waiting) so the client is released all the same.
   */
  static void close(Runnable close, Runnable force) {
    boolean interrupted = Thread.interrupted();
    try {
      close.run();
    } catch (InterruptException e) {
      interrupted = true;
      Thread.interrupted(); // clear the status the client set again, so the force can finish
      force.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
