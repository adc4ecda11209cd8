package io.sluice.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.testkit.Accounting;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every part of the {@link RunnerConformanceSuite} shares: the runner under test, a fresh
 * {@link Recorder} per case, and running a blueprint to its end with the accounting checked.
 * Extend {@link RunnerConformanceSuite}, not this class.
 */
public abstract class ConformanceBase {
  /** How long a case waits for a run to end before it fails. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** What the current case's stages and sinks saw; fresh for each case. */
  protected Recorder recorder;

  /** Creates the suite; subclasses say which runner it checks through {@link #runner()}. */
  protected ConformanceBase() {}

  /**
   * Returns the runner the suite checks. Called once per case; it may return the same object.
   *
   * @return the runner under test
   */
  protected abstract RunnerUnderTest runner();

  /** Gives the case a fresh recorder. */
  @BeforeEach
  public final void newRecorder() {
    recorder = Recorder.create();
  }

  /** Forgets what the case recorded. */
  @AfterEach
  public final void forgetRecorder() {
    recorder.close();
  }

  /**
   * Runs a blueprint to its end on the runner under test, checks that its accounting adds up
   * ({@link Accounting#assertAddsUp}) and that it ended with {@code expected}.
   *
   * @param pipeline the blueprint
   * @param expected the outcome the run must have
   * @return the report
   * @throws TimeoutException if the run did not end within {@link #TIMEOUT}
   * @throws InterruptedException if interrupted while waiting
   */
  protected final PipelineReport run(Pipeline<?> pipeline, Outcome expected)
      throws TimeoutException, InterruptedException {
    PipelineReport report = runner().finish(runner().start(pipeline), TIMEOUT);
    checked(pipeline, report, expected);
    return report;
  }

  /**
   * Checks a report's outcome and accounting.
   *
   * @param pipeline the blueprint that ran
   * @param report its report
   * @param expected the outcome it must have
   */
  protected final void checked(Pipeline<?> pipeline, PipelineReport report, Outcome expected) {
    assertEquals(expected, report.outcome(), () -> "outcome on runner '" + runner().name()
        + "'\n" + report);
    Accounting.assertAddsUp(pipeline, report);
  }

  /**
   * Tells whether the runner under test declares a capability.
   *
   * @param capability the capability
   * @return {@code true} if declared
   */
  protected final boolean can(RunnerCapability capability) {
    return runner().capabilities().contains(capability);
  }
}
