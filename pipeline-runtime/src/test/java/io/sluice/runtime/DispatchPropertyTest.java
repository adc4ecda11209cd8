package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For any input and any dispatch on each of 1-4 stages, the sink sees exactly the transformed input
 * in order, no batch exceeds its maximum, and a short batch has a reason other than SIZE.
 */
class DispatchPropertyTest {

  @Property(tries = 60)
  void everyDispatchGivesTheSameOrderedOutput(
      @ForAll @Size(max = 5_000) List<@IntRange(min = -1_000_000, max = 1_000_000) Integer> input,
      @ForAll @Size(min = 1, max = 4) List<@From("dispatches") Dispatch> dispatches,
      @ForAll("dispatches") Dispatch sinkDispatch) throws Exception {
    PipelineBuilder<Integer, Long> chain =
        Pipeline.from("read", Source.fromIterable(input)).map("widen", Integer::longValue);
    for (int i = 0; i < dispatches.size(); i++) {
      chain = chain.stage("step" + i, (Stage<Long, Long>) (x, out) -> out.emit(x * 3 + 1),
          dispatches.get(i));
    }
    RecordingSink<Long> sink = new RecordingSink<>();
    PipelineReport report = chain.to("sink", sink, sinkDispatch).run();

    List<Long> expected = input.stream().map(x -> {
      long v = x;
      for (int i = 0; i < dispatches.size(); i++) {
        v = v * 3 + 1;
      }
      return v;
    }).collect(Collectors.toList());
    assertThat(sink.records()).isEqualTo(expected);
    for (RecordingSink.Batch batch : sink.batches()) {
      assertThat(batch.size()).isBetween(1, sinkDispatch.maxSize());
      if (batch.size() < sinkDispatch.maxSize()) {
        assertThat(batch.reason()).isIn(FlushReason.TIME, FlushReason.END_OF_STREAM,
            FlushReason.DRAIN);
      } else {
        assertThat(batch.reason()).isIn(FlushReason.SIZE, FlushReason.TIME);
      }
    }
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(report.stage("sink").received()).isEqualTo(input.size());
    assertThat(report.stage("sink").totalBatches()).isEqualTo(sink.batches().size());
    for (int i = 0; i < dispatches.size(); i++) {
      assertThat(report.stage("step" + i).emitted()).isEqualTo(input.size());
    }
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Provide
  Arbitrary<Dispatch> dispatches() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 300);
    Arbitrary<Duration> waits = Arbitraries.longs().between(1, 5_000).map(us -> Duration.ofNanos(us * 1_000));
    return Arbitraries.oneOf(
        Arbitraries.just(Dispatch.perRecord()),
        sizes.map(Dispatch::batched),
        sizes.flatMap(size -> waits.map(wait -> Dispatch.batched(size, wait))));
  }
}
