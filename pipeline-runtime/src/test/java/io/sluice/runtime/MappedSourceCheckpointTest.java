package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Checkpoint;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.ResumableSource;
import io.sluice.api.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code Source.map} keeps a resumable source resumable: same positions, read by checkpoints. */
class MappedSourceCheckpointTest {
  private static final List<Integer> NUMBERS = IntStream.range(0, 1_000).boxed().toList();

  private static Pipeline<String> job(RecordingSink<String> sink, CheckpointStore store) {
    return Pipeline.from("read", Source.fromIterable(NUMBERS).map(i -> "r" + i))
        .to("save", sink, Dispatch.batched(50))
        .withCheckpoints(store, Duration.ofMillis(1));
  }

  @Test
  void aMappedResumableSourceIsResumable() {
    Source<String> mapped = Source.fromIterable(NUMBERS).map(i -> "r" + i);
    Source<String> plain = ((Source<Integer>) out -> false).map(i -> "r" + i);

    assertThat(mapped).isInstanceOf(ResumableSource.class);
    assertThat(plain).isNotInstanceOf(ResumableSource.class);
  }

  @Test
  void aRunWithCheckpointsReadsAMappedSourceAndAResumedRunStartsAtTheSavedPosition()
      throws Exception {
    RecordingSink<String> first = new RecordingSink<>();
    PipelineReport report = job(first, CheckpointStore.inMemory()).run();
    assertThat(first.records()).hasSize(1_000).startsWith("r0", "r1").endsWith("r999");
    assertThat(report.checkpoints()).isPresent();

    CheckpointStore store = CheckpointStore.inMemory();
    store.save(Checkpoint.of(7, Map.of("read", "990"), Map.of("read", 990L)));
    RecordingSink<String> resumed = new RecordingSink<>();
    job(resumed, store).run();

    assertThat(resumed.records()).containsExactly(NUMBERS.subList(990, 1_000).stream()
        .map(i -> "r" + i).toArray(String[]::new));
  }
}
