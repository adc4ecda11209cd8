package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  @Test
  void movesOnlyWhenAdvancedAndNeverBack() {
    VirtualClock clock = VirtualClock.create();
    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.advance(Duration.ofMillis(5))).isEqualTo(5_000_000L);
    assertThat(clock.nanoTime()).isEqualTo(5_000_000L);
    assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.000000001S");
  }
}
