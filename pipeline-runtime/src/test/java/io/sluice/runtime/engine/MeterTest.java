package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Distribution;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
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

  @Property(tries = 200)
  void aMeterSummarisesAsOneAutoResizingHistogramOfEverythingRecorded(
      @ForAll @Size(min = 1, max = 40) List<@LongRange(min = 0, max = 5_000_000_000L) Long> values,
      @ForAll @IntRange(min = 1, max = 7) int summaryEvery) {
    Meter meter = new Meter();
    Histogram reference = new Histogram(3); // what the meter used to be: a recorder of these
    for (int i = 0; i < values.size(); i++) {
      meter.record(values.get(i), 2);
      reference.recordValueWithCount(values.get(i), 2);
      if (i % summaryEvery == 0) { // summaries in between take, add and recycle histograms
        assertThat(meter.summary()).hasToString(HistogramSummary.of(reference).toString());
      }
    }
    Distribution last = meter.summary();
    assertThat(last).hasToString(HistogramSummary.of(reference).toString());
    assertThat(last.mean()).isEqualTo(reference.getMean());
    assertThat(last.p999()).isEqualTo(reference.getValueAtPercentile(99.9));
  }

  @Test
  void summariesTakenWhileTheWriterRecordsLoseNothing() throws Exception {
    Meter meter = new Meter();
    int values = 200_000;
    Histogram reference = new Histogram(3);
    for (int i = 0; i < values; i++) {
      reference.recordValueWithCount(valueAt(i), 1);
    }
    Thread writer = new Thread(() -> {
      for (int i = 0; i < values; i++) {
        meter.record(valueAt(i), 1); // spreads over many buckets: resizes while summarised
      }
    }, "meter-writer");
    writer.start();
    try {
      while (writer.isAlive()) {
        assertThat(meter.summary().count()).isLessThanOrEqualTo(values);
      }
    } finally {
      writer.join();
    }
    assertThat(meter.summary()).hasToString(HistogramSummary.of(reference).toString());
  }

  private static long valueAt(int i) {
    return (i * 7919L) % 1_000_000L << (i % 20);
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
