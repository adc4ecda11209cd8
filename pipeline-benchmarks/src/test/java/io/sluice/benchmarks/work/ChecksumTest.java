package io.sluice.benchmarks.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChecksumTest {

  @Property(tries = 200)
  void theClosedFormsMatchRunningTheStagesOneByOne(@ForAll @IntRange(max = 5000) int records) {
    Checksum checksum = new Checksum();
    for (Item item : Item.range(records)) {
      if (Work.keep(Work.triple(Work.inc(item)))) {
        checksum.add(item);
      }
    }
    assertThat(checksum.count()).isEqualTo(Checksum.expectedCount(records));
    assertThat(checksum.sum()).isEqualTo(Checksum.expectedSum(records));
    assertThat(checksum.verify("loop", records)).isEqualTo(checksum.sum());
  }

  @Test
  void aLostRecordFailsTheCheck() {
    Checksum checksum = new Checksum();
    Item[] items = Item.range(10);
    for (int i = 0; i < items.length - 1; i++) { // the last item, 9, would have passed the filter
      if (Work.all(items[i])) {
        checksum.add(items[i]);
      }
    }
    assertThatThrownBy(() -> checksum.verify("lossy", 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lossy").hasMessageContaining("saw 4 records");
  }

  @Test
  void skippedWorkFailsTheCheck() {
    Checksum checksum = new Checksum();
    for (Item item : Item.range(10)) {
      Work.inc(item); // the triple stage never ran: tripled stays 0
      if (item.input % 2 == 1) {
        checksum.add(item);
      }
    }
    assertThatThrownBy(() -> checksum.verify("lazy", 10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("summing to 0");
  }

  @Test
  void resetForgetsEverything() {
    Checksum checksum = new Checksum();
    checksum.add(Work.triple(Work.inc(new Item(1))));
    checksum.reset();
    assertThat(checksum.count()).isZero();
    assertThat(checksum.sum()).isZero();
  }

  @Test
  void theSinkCostTallyChecksEveryRecordOnce() {
    SinkCost cost = new SinkCost();
    Item[] items = Item.range(3);
    cost.write(items[0]);
    cost.writeBatch(List.of(items[1], items[2]));
    assertThat(cost.verify("sink", 3)).isEqualTo(3);
    cost.write(items[2]);
    assertThatThrownBy(() -> cost.verify("sink", 3)).hasMessageContaining("wrote 4 records");
  }

  @Test
  void theCeilingOfTheCostModelGrowsWithTheBatch() {
    assertThat(SinkCost.ceilingRecordsPerSecond(1)).isEqualTo(1e9 / 20_200);
    assertThat(SinkCost.ceilingRecordsPerSecond(256)).isEqualTo(256e9 / (20_000 + 256 * 200));
  }
}
