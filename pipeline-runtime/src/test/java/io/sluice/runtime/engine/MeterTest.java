package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Distribution;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A meter summarises every value recorded before the summary, however often it is read. */
class MeterTest {

  @Test
  void aMeterThatRecordedNothingIsEmpty() {
    Meter meter = new Meter();
    assertThat(meter.summary().count()).isZero();
    assertThat(meter.summary().count()).isZero();
  }

  @Test
  void summariesAddUpEveryValueRecordedSoFar() {
    Meter meter = new Meter();
    meter.record(10, 1);
    meter.record(30, 3);
    Distribution first = meter.summary();
    assertThat(first.count()).isEqualTo(4);
    assertThat(first.min()).isEqualTo(10);
    assertThat(first.max()).isEqualTo(30);
    assertThat(meter.summary()).as("nothing new: the same summary").hasToString(first.toString());
    meter.record(50, 2);
    Distribution second = meter.summary();
    assertThat(second.count()).isEqualTo(6);
    assertThat(second.max()).isEqualTo(50);
  }

  @Test
  void aSummaryOnAnotherThreadSeesWhatWasRecordedBeforeIt() throws Exception {
    Meter meter = new Meter();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      for (int i = 1; i <= 100; i++) {
        meter.record(i, 1);
        Future<Distribution> read = reader.submit(meter::summary);
        assertThat(read.get().count()).isEqualTo(i);
      }
    } finally {
      reader.shutdownNow();
    }
  }
}
