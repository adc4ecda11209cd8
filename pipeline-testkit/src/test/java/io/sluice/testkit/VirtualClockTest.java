package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  @Test
  void movesOnlyWhenAdvancedAndNeverBack() {
    VirtualClock clock = VirtualClock.create();
    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.advance(Duration.ofMillis(5))).isEqualTo(5_000_000L);
    assertThat(clock.nanoTime()).isEqualTo(5_000_000L);
    assertThat(clock.advance(Duration.ZERO)).isEqualTo(5_000_000L);
    assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.000000001S");
    assertThat(clock).hasToString("VirtualClock at PT0.005S");
  }

  @Test
  void refusesToOverflow() {
    VirtualClock clock = VirtualClock.create();
    clock.advance(Duration.ofNanos(Long.MAX_VALUE - 1));
    assertThatThrownBy(() -> clock.advance(Duration.ofNanos(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflow");
    assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void aHarnessThatEndedNoLongerListens() {
    VirtualClock clock = VirtualClock.create();
    StageHarness<Integer, Integer> harness = StageHarness.of(
        (io.sluice.api.Stage<Integer, Integer>) (x, out) -> out.emit(x))
        .clock(clock).dispatch(Dispatch.batched(5, Duration.ofMillis(1)));
    harness.push(1).end();
    clock.advance(Duration.ofSeconds(1));
    assertThat(harness.batches()).hasSize(1);
  }
}
