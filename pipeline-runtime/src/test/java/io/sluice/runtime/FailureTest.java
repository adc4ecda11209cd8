package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Fail fast: a throwing stage ends the run, every stage is closed, no thread is left. */
class FailureTest {
  private final ConcurrentMap<String, AtomicInteger> closes = new ConcurrentHashMap<>();

  /** Passes records on, failing on one of them, and counts its closes. */
  private final class Tracked implements Stage<Integer, Integer> {
    private final String name;
    private final int poison;
    private final boolean failInOpen;

    Tracked(String name, int poison, boolean failInOpen) {
      this.name = name;
      this.poison = poison;
      this.failInOpen = failInOpen;
    }

    @Override
    public void open(StageContext context) {
      if (failInOpen) {
        throw new IllegalStateException("cannot open " + name);
      }
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      if (record == poison) {
        throw new IllegalArgumentException("poison " + record);
      }
      out.emit(record);
    }

    @Override
    public void close() {
      closes.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private Pipeline<Integer> pipeline(int poison, boolean failInOpen, Dispatch middle) {
    List<Integer> input = IntStream.range(0, 50_000).boxed().toList();
    return Pipeline.named("failing").from("read", Source.fromIterable(input))
        .stage("first", new Tracked("first", -1, false))
        .stage("middle", new Tracked("middle", poison, failInOpen), middle)
        .stage("last", new Tracked("last", -1, false))
        .to("save", record -> { });
  }

  @Test
  void aThrowingStageFailsTheRunNamingStageRecordAndCause() {
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> pipeline(20_000, false, Dispatch.perRecord()).run());

    assertThat(failure.pipelineName()).isEqualTo("failing");
    assertThat(failure.stageName()).isEqualTo("middle");
    assertThat(failure.record()).contains(20_000);
    assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("poison 20000");
    assertThat(failure).hasMessageContaining("pipeline 'failing', stage 'middle' failed on record "
        + "20000");
    assertThat(closes).containsOnlyKeys("first", "middle", "last");
    assertThat(closes.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aRecordFailingInABatchOfAPerRecordStageIsNamedWithItsBatch() {
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> pipeline(777, false, Dispatch.batched(100)).run());

    assertThat(failure.stageName()).isEqualTo("middle");
    assertThat(failure.record()).contains(777);
    List<Object> batch = List.copyOf(failure.batch().orElseThrow());
    assertThat(batch).hasSize(100).contains(777);
    assertThat(failure).hasMessageContaining("failed on record 777 in a batch of 100 records");
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aThrowingProcessBatchIsNamedWithItsRecords() {
    Stage<Integer, Integer> wholeBatches = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        out.emit(record);
      }

      @Override
      public void processBatch(List<Integer> batch, Emitter<Integer> out) {
        if (batch.contains(777)) {
          throw new IllegalArgumentException("poison in batch");
        }
        batch.forEach(out::emit);
      }
    };
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> Pipeline.named("failing").from("read", Source.fromIterable(
                IntStream.range(0, 5_000).boxed().toList()))
            .stage("middle", wholeBatches, Dispatch.batched(100))
            .to("save", record -> { }).run());

    assertThat(failure.stageName()).isEqualTo("middle");
    assertThat(failure.record()).isEmpty();
    assertThat(List.<Object>copyOf(failure.batch().orElseThrow())).hasSize(100).contains(777);
    assertThat(failure).hasMessageContaining("on a batch of 100 records (first 700)");
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aStageThatCannotOpenFailsTheRunAndIsStillClosed() {
    assertThatThrownBy(() -> pipeline(-1, true, Dispatch.perRecord()).run())
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'middle' failed")
        .hasRootCauseMessage("cannot open middle");
    assertThat(closes.get("middle")).hasValue(1);
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void closeRethrowsAFailureNobodyAwaited() {
    RunningPipeline<Integer> run = pipeline(5, false, Dispatch.perRecord()).start();
    await().atMost(Duration.ofSeconds(10)).until(run::isDone); // failed, not drained early
    assertThatThrownBy(run::close).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'middle'");
    run.close(); // reported once; a second close is quiet
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aFailingSourceFailsTheRun() {
    Source<Integer> broken = out -> {
      throw new java.io.IOException("disk gone");
    };
    assertThatThrownBy(() -> Pipeline.from("read", broken).to("save", r -> { }).run())
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'read' failed")
        .hasRootCauseMessage("disk gone");
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
