package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void runsAChain() throws Exception {
    List<Integer> input = IntStream.range(0, 10_000).boxed().toList();
    List<Integer> out = new CopyOnWriteArrayList<>();
    Pipeline<Integer> p = Pipeline.from("read", Source.fromIterable(input))
        .map("double", x -> x * 2)
        .filter("even", x -> x % 4 == 0)
        .to("save", out::add, Dispatch.batched(3));
    PipelineReport report = p.run();
    System.out.println(p.describe());
    System.out.println(report);
    assertThat(out).hasSize(5000);
    assertThat(report.stage("save").batches(FlushReason.SIZE)).isEqualTo(1666);
  }
}
