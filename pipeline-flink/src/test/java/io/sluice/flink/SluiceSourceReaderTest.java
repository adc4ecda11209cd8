package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.ResumableSource;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import io.sluice.api.StageFactory;
import io.sluice.testkit.conformance.Recorder;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader and its split without a cluster: positions in, positions out, versions. */
class SluiceSourceReaderTest {
  private static final Map<String, List<String>> CALLS = new ConcurrentHashMap<>();
  private final Recorder recorder = Recorder.create();

  @AfterEach
  void forget() {
    recorder.close();
    CALLS.clear();
  }

  /** Emits 1..total, one per poll, and says what it was told. */
  static final class Counting implements ResumableSource<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final int total;
    private long next;

    Counting(int total) {
      this.total = total;
    }

    @Override
    public void openAt(StageContext context, String position) {
      next = ResumableSource.recordCount(context.stageName(), position);
      calls().add("openAt " + position);
    }

    @Override
    public boolean poll(Emitter<Integer> out) {
      out.emit((int) ++next);
      return next < total;
    }

    @Override
    public String position() {
      return Long.toString(next);
    }

    @Override
    public void checkpointCompleted(String position) {
      calls().add("completed " + position);
    }

    @Override
    public void close() {
      calls().add("close");
    }
  }

  private static List<String> calls() {
    return CALLS.computeIfAbsent("calls", k -> new CopyOnWriteArrayList<>());
  }

  /** Collects what the reader emits. */
  static final class Collected implements ReaderOutput<Object> {
    final List<Object> records = new ArrayList<>();

    @Override
    public void collect(Object record) {
      records.add(record);
    }

    @Override
    public void collect(Object record, long timestamp) {
      records.add(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<Object> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }

  private SluiceSourceReader reader(StageFactory<Source<Integer>> source) {
    Pipeline<Integer> pipeline = Pipeline.named("unit").from("in", source)
        .to("out", recorder.sink("out"));
    return new SluiceSourceReader(JobTranslator.ship(pipeline, null).get("in"));
  }

  private static void poll(SluiceSourceReader reader, Collected out, int times) {
    for (int i = 0; i < times; i++) {
      reader.pollNext(out);
    }
  }

  @Test
  void aResumableSourceIsCheckpointedAtItsPositionReopenedThereAndToldWhatCompleted() {
    SluiceSourceReader first = reader(() -> new Counting(10));
    Collected out = new Collected();
    first.addSplits(List.of(WholeSourceSplit.fromStart()));
    poll(first, out, 3);
    List<WholeSourceSplit> at3 = first.snapshotState(1);
    poll(first, out, 2);
    List<WholeSourceSplit> at5 = first.snapshotState(2);
    first.snapshotState(3);
    first.notifyCheckpointAborted(3);
    first.notifyCheckpointComplete(1);
    first.notifyCheckpointComplete(3); // 2 skipped, 3 aborted: 2 is the newest taken up to 3
    first.close();

    assertThat(at3).extracting(WholeSourceSplit::position).containsExactly(Optional.of("3"));
    assertThat(at5).extracting(WholeSourceSplit::position).containsExactly(Optional.of("5"));
    assertThat(calls()).containsExactly("completed 3", "completed 5", "close");

    SluiceSourceReader restored = reader(() -> new Counting(10));
    Collected again = new Collected();
    restored.addSplits(at5);
    poll(restored, again, 5);
    assertThat(restored.pollNext(again)).isEqualTo(InputStatus.END_OF_INPUT);
    restored.close();
    assertThat(out.records).isEqualTo(List.of(1, 2, 3, 4, 5));
    assertThat(again.records).isEqualTo(List.of(6, 7, 8, 9, 10));
  }

  @Test
  void anEndedSourceIsHeldOpenUntilACheckpointAfterItsEndCompletesThenHearsItsEnd() {
    SluiceSourceReader reader = reader(() -> new Counting(2));
    reader.addSplits(List.of(WholeSourceSplit.fromStart()));
    poll(reader, new Collected(), 1);
    reader.snapshotState(1);
    poll(reader, new Collected(), 1); // the end
    assertThat(reader.snapshotState(2)).isEmpty(); // nothing left to read after a restore
    reader.notifyCheckpointComplete(1);
    assertThat(calls()).containsExactly("completed 1");

    reader.notifyCheckpointComplete(2);
    reader.close();
    assertThat(calls()).containsExactly("completed 1", "completed 2", "close");
  }

  @Test
  void aSourceThatIsNotResumableIsCheckpointedWithoutPositionAndReadAgainFromItsStart() {
    List<Integer> input = IntStream.rangeClosed(1, 3).boxed().toList();
    SluiceSourceReader reader = reader(() -> out -> {
      input.forEach(out::emit);
      return false;
    });
    reader.addSplits(List.of(WholeSourceSplit.at("2"))); // a position it cannot take: from start
    assertThat(reader.snapshotState(1)).containsExactly(WholeSourceSplit.fromStart());
    Collected out = new Collected();
    assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);
    reader.notifyCheckpointComplete(1);
    reader.close();
    assertThat(out.records).isEqualTo(input);
  }

  @Test
  void theSplitAndTheEnumeratorStateAreVersioned() throws IOException {
    WholeSourceSplit.Serializer splits = new WholeSourceSplit.Serializer();
    String manyPartitions = "orders:0=1" + ",orders:1=2".repeat(10_000); // past writeUTF's 64 KB
    WholeSourceSplit at = WholeSourceSplit.at(manyPartitions);
    WholeSourceEnumerator.StateSerializer states = new WholeSourceEnumerator.StateSerializer();

    assertThat(splits.getVersion()).isEqualTo(2);
    assertThat(splits.deserialize(2, splits.serialize(at)).position()).contains(manyPartitions);
    assertThat(splits.deserialize(2, splits.serialize(WholeSourceSplit.fromStart())).position())
        .isEmpty();
    assertThat(splits.deserialize(1, new byte[0]).position()).isEmpty(); // before positions
    assertThatThrownBy(() -> splits.deserialize(3, new byte[0]))
        .isInstanceOf(IOException.class).hasMessageContaining("version 3");
    assertThat(states.deserialize(2, states.serialize(false))).isFalse();
    assertThat(states.deserialize(2, states.serialize(true))).isTrue();
    assertThat(states.deserialize(1, new byte[0])).isTrue(); // restored meant assigned then
  }
}
