package io.sluice.flow.tck;

import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterMethod;

/** What the TCK runs on Sluice's subscribers share: numbers as elements, runs ended after each. */
abstract class SubscriberTck extends FlowSubscriberBlackboxVerification<Long> {
  /** The runs each test starts. */
  final StartedRuns runs = new StartedRuns();

  SubscriberTck() {
    super(TckTiming.environment());
  }

  @Override
  public Long createElement(int element) {
    return (long) element;
  }

  @AfterMethod
  public void endRuns() throws Exception {
    runs.endAll();
  }
}
