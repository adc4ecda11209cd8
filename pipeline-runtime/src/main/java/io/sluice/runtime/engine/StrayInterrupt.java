package io.sluice.runtime.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears an interrupt a stage left behind on a pipeline thread. A stage that catches
 * {@link InterruptedException} and sets the flag again, as is good manners in a library, returns
 * to a runner thread that is not being stopped: with the flag set, every park of an idle thread
 * would return at once and the thread would spin at a full core. The runner interrupts its threads
 * only after it has marked the run stopped, so an interrupt while the run goes on is a stray one:
 * it is cleared (and reported once per thread) before the thread waits. One per thread.
 */
final class StrayInterrupt implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StrayInterrupt.class);

  private final RunControl control;
  private final String stages;
  private boolean reported;

  /**
   * @param control the run's control
   * @param stages the stages of the thread, named in the warning
   */
  StrayInterrupt(RunControl control, String stages) {
    this.control = control;
    this.stages = stages;
  }

  /** Clears the current thread's interrupt flag unless the run is being stopped. */
  @Override
  public void run() {
    if (control.isStopped() || !Thread.interrupted()) {
      return;
    }
    if (control.isStopped()) {
      Thread.currentThread().interrupt(); // the stop came meanwhile: the flag is the runner's
      return;
    }
    if (!reported) {
      reported = true;
      LOG.warn("pipeline '{}': the thread of {} was left interrupted by a stage while the run goes "
          + "on; cleared the flag so the thread can wait without spinning (further ones are "
          + "cleared silently)", control.pipelineName(), stages);
    }
  }
}
