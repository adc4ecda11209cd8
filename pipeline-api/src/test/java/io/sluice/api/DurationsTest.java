package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void printsTheLargestUnitsThatAreExact() {
    assertThat(Durations.format(Duration.ofNanos(1_500))).isEqualTo("1500ns");
    assertThat(Durations.format(Duration.ofMillis(5))).isEqualTo("5ms");
    assertThat(Durations.format(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(Durations.format(Duration.ofSeconds(90_061))).isEqualTo("1d1h1m1s");
  }

  @Test
  void printsHugeAndOddValuesWithoutOverflow() {
    assertThat(Durations.format(Duration.ofHours(2_400_000))).isEqualTo("100000d");
    assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE))).endsWith("s");
    assertThat(Durations.format(Duration.ofDays(400).plusNanos(1))).isEqualTo("PT9600H0.000000001S");
    assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("PT-5S");
  }
}
