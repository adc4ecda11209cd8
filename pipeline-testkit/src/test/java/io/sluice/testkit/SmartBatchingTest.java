package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Fusion;
import io.sluice.api.Pipeline;
import io.sluice.api.Source;
import io.sluice.api.StageOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatch#smart(int)} on the deterministic runner and the harness: whatever a poll or a
 * push gave is flushed when it ends (ARRIVED), full batches by SIZE, the last by the end of the
 * stream; never an empty batch. For a source feeding a smart stage on its own thread, the local
 * runner cuts the very same batches.
 */
class SmartBatchingTest {
  private static final int MAX = 4;
  /** Records per poll; the last poll also ends the stream. */
  private static final List<Integer> POLLS = List.of(3, 9, 0, 4, 1, 10, 2);

  private final PipelineTester tester = PipelineTester.create();

  @AfterEach
  void nothingLeft() {
    tester.close();
  }

  /** Emits {@link #POLLS} records per poll, numbered from 0, ending the stream on the last. */
  private static final class ScriptedSource implements Source<Integer> {
    private int poll;
    private int next;

    @Override
    public boolean poll(Emitter<Integer> out) {
      for (int i = 0; i < POLLS.get(poll); i++) {
        out.emit(next++);
      }
      return ++poll < POLLS.size();
    }
  }

  private static Pipeline<Integer> pipeline(TestSink<Integer> sink) {
    return Pipeline.from("in", ScriptedSource::new)
        .map("inc", (Integer x) -> x + 1)
        .to("out", sink, StageOptions.defaults().withDispatch(Dispatch.smart(MAX))
            .withFusion(Fusion.FUSED)); // on the source's thread: batches cut by the polls alone
  }

  /** The batches the polls make: full ones by SIZE, the rest of each poll ARRIVED, the last EOS. */
  private static List<Batch<Integer>> expected() {
    List<Batch<Integer>> batches = new ArrayList<>();
    int next = 1;
    for (int p = 0; p < POLLS.size(); p++) {
      int left = POLLS.get(p);
      while (left > 0) {
        int size = Math.min(MAX, left);
        List<Integer> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          records.add(next++);
        }
        left -= size;
        FlushReason reason = size == MAX ? FlushReason.SIZE
            : p == POLLS.size() - 1 ? FlushReason.END_OF_STREAM : FlushReason.ARRIVED;
        batches.add(new Batch<>(reason, records));
      }
    }
    return batches;
  }

  @Test
  void theDeterministicRunnerFlushesWhatEachPollGave() throws Exception {
    TestSink<Integer> sink = TestSink.create();
    tester.run(PipelineTester.Mode.DETERMINISTIC, pipeline(sink));

    assertThat(sink.batches()).containsExactlyElementsOf(expected());
    assertThat(sink.batches()).allSatisfy(batch -> assertThat(batch.size()).isBetween(1, MAX));
  }

  @Test
  void theLocalRunnerCutsTheSameBatchesAsTheDeterministicOne() throws Exception {
    TestSink<Integer> deterministic = TestSink.create();
    TestSink<Integer> local = TestSink.create();
    tester.run(PipelineTester.Mode.DETERMINISTIC, pipeline(deterministic));
    tester.run(PipelineTester.Mode.RUNTIME, pipeline(local));

    assertThat(local.batches()).isEqualTo(deterministic.batches()).isNotEmpty();
  }

  @Test
  void eachPushToALiveInputIsFlushedWhenItReturns() {
    TestSink<Integer> sink = TestSink.create();
    DeterministicRun<Integer> run = tester.runDeterministic(Pipeline.live("in", Integer.class)
        .to("out", sink, Dispatch.smart(MAX)));
    run.input().tryPush(1);
    run.input().tryPush(2);
    run.input().complete();

    assertThat(sink.batches()).containsExactly(new Batch<>(FlushReason.ARRIVED, List.of(1)),
        new Batch<>(FlushReason.ARRIVED, List.of(2)));
    assertThat(run.awaitCompletion().stage("out").batches(FlushReason.ARRIVED)).isEqualTo(2);
  }

  @Test
  void theHarnessFlushesWhatOnePushGaveAsArrived() {
    TestSink<Integer> sink = TestSink.create();
    StageHarness<Integer, Void> harness = StageHarness.ofSink(sink).dispatch(Dispatch.smart(2));
    harness.push(1, 2, 3, 4, 5);
    harness.push(6);
    harness.end();

    assertThat(harness.batches()).containsExactly(
        new Batch<>(FlushReason.SIZE, List.of(1, 2)), new Batch<>(FlushReason.SIZE, List.of(3, 4)),
        new Batch<>(FlushReason.ARRIVED, List.of(5)), new Batch<>(FlushReason.ARRIVED, List.of(6)));
    assertThat(harness.pending()).isZero();
  }
}
