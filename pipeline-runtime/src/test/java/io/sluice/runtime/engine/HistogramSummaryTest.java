package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Distribution;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The one-walk summary gives exactly HdrHistogram's own answers, whatever was recorded. */
class HistogramSummaryTest {

  @Property(tries = 300)
  void theSummaryIsHdrHistogramsOwn(
      @ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 10_000_000_000L) Long> values,
      @ForAll @IntRange(min = 1, max = 5) int count, @ForAll boolean spreadThenAdd) {
    Histogram histogram = new Histogram(3);
    if (spreadThenAdd) { // as a meter's total after a second interval: one histogram added in
      Histogram interval = new Histogram(3);
      values.forEach(v -> interval.recordValueWithCount(v, count));
      histogram.add(interval);
    } else {
      values.forEach(v -> histogram.recordValueWithCount(v, count));
    }

    Distribution summary = HistogramSummary.of(histogram);

    assertThat(summary.count()).isEqualTo(histogram.getTotalCount());
    assertThat(summary.min()).isEqualTo(histogram.getMinValue());
    assertThat(summary.max()).isEqualTo(histogram.getMaxValue());
    assertThat(summary.mean()).isEqualTo(histogram.getMean()); // exactly: same order, same sums
    assertThat(summary.p50()).isEqualTo(histogram.getValueAtPercentile(50));
    assertThat(summary.p90()).isEqualTo(histogram.getValueAtPercentile(90));
    assertThat(summary.p99()).isEqualTo(histogram.getValueAtPercentile(99));
    assertThat(summary.p999()).isEqualTo(histogram.getValueAtPercentile(99.9));
  }

  @Test
  void anEmptyHistogramIsEmpty() {
    assertThat(HistogramSummary.of(new Histogram(3))).isSameAs(Distribution.empty());
  }
}
