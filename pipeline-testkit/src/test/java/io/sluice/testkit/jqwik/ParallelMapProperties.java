package io.sluice.testkit.jqwik;

import io.sluice.api.Emitter;
import io.sluice.api.Stage;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The ready-made parallel properties over a stage that takes whole batches and may filter. */
class ParallelMapProperties extends ParallelStageProperties<Integer, String> {
  @Override
  protected Stage<Integer, String> newStage() {
    return new Stage<>() {
      @Override
      public void process(Integer record, Emitter<String> out) {
        if (record % 7 != 3) { // filters some
          out.emit((record % 5) + ":" + record);
        }
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<String> out) {
        for (Integer record : batch) {
          process(record, out);
        }
      }
    };
  }

  @Override
  protected Arbitrary<Integer> records() {
    return Arbitraries.integers().between(0, 1000);
  }

  @Override
  protected Object key(Integer record) {
    return record % 5;
  }

  @Override
  protected Object outputKey(String output) {
    return Integer.parseInt(output.substring(0, output.indexOf(':')));
  }
}
