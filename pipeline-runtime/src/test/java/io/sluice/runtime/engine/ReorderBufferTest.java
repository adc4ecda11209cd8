package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reorder buffer keeps input order while its slots grow with what is unreleased. */
class ReorderBufferTest {

  @Test
  void releasesInInputOrderWhileGrowingPastItsFirstSlots() {
    ReorderBuffer buffer = new ReorderBuffer(10_000);
    List<Object> released = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      seqs.add(buffer.assign()); // grows while nothing is released
    }
    // settle newest first: nothing leaves until input 0 is done, then everything in order
    for (int i = seqs.size() - 1; i >= 0; i--) {
      buffer.settle(result(seqs.get(i)), released::addAll);
      if (i > 0) {
        assertThat(released).isEmpty();
      }
    }
    assertThat(released).hasSize(5_000);
    assertThat(released).isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b));
    assertThat(buffer.waiting()).isZero();
  }

  @Test
  void wrapsAroundAfterGrowing() {
    ReorderBuffer buffer = new ReorderBuffer(3_000);
    List<Object> released = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      List<Long> seqs = new ArrayList<>();
      while (buffer.hasRoom()) {
        seqs.add(buffer.assign());
      }
      assertThat(seqs).hasSize(3_000);
      for (int i = seqs.size() - 1; i >= 0; i -= 2) { // odd positions first, then the rest
        buffer.settle(result(seqs.get(i)), released::addAll);
      }
      for (int i = seqs.size() - 2; i >= 0; i -= 2) {
        buffer.settle(result(seqs.get(i)), released::addAll);
      }
    }
    assertThat(released).hasSize(15_000);
    assertThat(released).isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b));
  }

  private static LaneResult result(long seq) {
    return new LaneResult(0, new long[] {seq}, List.<Object>of(seq), 1, 0L, 0L, null, false);
  }
}
