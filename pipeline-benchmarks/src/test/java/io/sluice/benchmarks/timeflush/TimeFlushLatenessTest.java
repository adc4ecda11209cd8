package io.sluice.benchmarks.timeflush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The driver's bookkeeping; the lateness figures themselves are measurements, not asserted. */
class TimeFlushLatenessTest {

  @Test
  void idleMeasuresOneTimeFlushPerRecordAndNoneEarly() throws InterruptedException {
    TimeFlushResult result = TimeFlushLateness.measure("idle", Duration.ofMillis(1), 5, 2);
    assertThat(result.samples()).isEqualTo(5);
    assertThat(result.earlyFlushes()).isZero();
    assertThat(result.unexpectedFlushes()).isZero();
    assertThat(result.p50Micros()).isLessThanOrEqualTo(result.p99Micros());
    assertThat(result.p99Micros()).isLessThanOrEqualTo(result.maxMicros());
  }

  @Test
  void trickleMeasuresBatchesCutByTime() throws InterruptedException {
    TimeFlushResult result = TimeFlushLateness.measure("trickle", Duration.ofMillis(1), 5, 2);
    assertThat(result.samples()).isEqualTo(5);
    assertThat(result.earlyFlushes()).isZero();
    assertThat(result.unexpectedFlushes()).isZero();
  }

  @Test
  void anUnknownScenarioIsRejected() {
    assertThatThrownBy(() -> TimeFlushLateness.measure("busy", Duration.ofMillis(1), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busy");
  }

  @Test
  void theTableLineNamesEveryFigure() {
    String line = TimeFlushLateness.format(
        new TimeFlushResult("idle", 1, 10, 50.0, 60.0, 70.0, 80.0, 0, 0));
    assertThat(line).contains("idle", "maxWait   1 ms", "p50     50.0 us", "p99     70.0 us",
        "max     80.0 us");
  }
}
