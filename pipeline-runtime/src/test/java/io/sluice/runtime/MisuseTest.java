package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Using the framework wrongly gets a clear exception, never a silent loss. */
class MisuseTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Keeps the emitter of its first call, which is misuse waiting to happen. */
  private static final class Hoarder implements Stage<Integer, Integer> {
    final AtomicReference<Emitter<Integer>> kept = new AtomicReference<>();

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      kept.compareAndSet(null, out);
      out.emit(record);
    }
  }

  @Test
  void emittingAfterTheCallReturnedFailsTheRun() {
    Hoarder hoarder = new Hoarder();
    Stage<Integer, Integer> emitsOnClose = new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        hoarder.process(record, out);
      }

      @Override
      public void close() {
        hoarder.kept.get().emit(99); // a "flush on close" written against a stale emitter
      }
    };
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> Pipeline.named("misuse").from("read", Source.of(1, 2))
            .stage("late", emitsOnClose).to("save", r -> { }).run());

    assertThat(failure.stageName()).isEqualTo("late");
    assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class)
        .hasMessage("stage 'late' of pipeline 'misuse' emitted after the process or processBatch "
            + "call that received its emitter had returned: an emitter may be used only during "
            + "the process or processBatch call that received it, on that call's thread");
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void emittingFromAnotherThreadDuringTheCallIsRejectedThereAndFailsTheRun() {
    AtomicReference<Throwable> inHelper = new AtomicReference<>();
    Stage<Integer, Integer> delegates = (record, out) -> {
      Thread helper = new Thread(() -> {
        try {
          out.emit(record);
        } catch (Throwable t) {
          inHelper.set(t);
        }
      }, "helper");
      helper.start();
      helper.join();
    };
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> Pipeline.named("misuse").from("read", Source.of(1))
            .stage("async", delegates).to("save", r -> { }).run());

    assertThat(inHelper.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stage 'async' of pipeline 'misuse' emitted from thread 'helper' "
            + "while the stage runs on 'sluice-misuse-async'");
    assertThat(failure.getCause()).isSameAs(inHelper.get());
  }

  @Test
  void emittingFromAnotherThreadAfterTheCallIsRejectedAndFailsTheRun() throws Exception {
    Hoarder hoarder = new Hoarder();
    RunningPipeline<Integer> run = Pipeline.live("in", Integer.class)
        .stage("keep", hoarder).to("save", r -> { }).start();
    run.input().push(1);
    await().atMost(PATIENCE).until(() -> hoarder.kept.get() != null);

    assertThatThrownBy(() -> hoarder.kept.get().emit(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stage 'keep' of pipeline 'in' emitted after the process");
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("stage 'keep' failed");
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aSourceEmittingAfterItsPollReturnedFailsTheRun() {
    RecordingSink<Integer> sink = new RecordingSink<>();
    AtomicReference<Emitter<Integer>> held = new AtomicReference<>();
    QueueSource<Integer> feed = new QueueSource<>();
    RunningPipeline<Integer> live = Pipeline.from("read", (Source<Integer>) out -> {
      held.compareAndSet(null, out);
      return feed.poll(out);
    }).to("save", sink).start();
    await().atMost(PATIENCE).until(() -> held.get() != null);

    assertThatThrownBy(() -> held.get().emit(7)).isInstanceOf(IllegalStateException.class)
        .hasMessage("source 'read' of pipeline 'read' emitted after the poll that received its "
            + "emitter had returned: an emitter may be used only during the poll that received "
            + "it, on that call's thread");
    assertThatThrownBy(live::awaitCompletion).isInstanceOf(StageFailedException.class);
    assertThat(sink.records()).doesNotContain(7);
  }

  @Test
  void pushingAfterCloseSaysThePipelineWasClosed() throws Exception {
    RunningPipeline<String> run = Pipeline.live("in", String.class).to("save", r -> { }).start();
    run.input().push("a");
    run.close();
    assertThatThrownBy(() -> run.input().push("b")).isInstanceOf(IllegalStateException.class)
        .hasMessage("live input 'in' of pipeline 'in' was closed; it takes no more records");
    assertThatThrownBy(() -> run.input().tryPush("b"))
        .hasMessageContaining("was closed");
    assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
  }

  @Test
  void startingARunTwiceIsRejected() throws Exception {
    LocalRun<Integer> run = new LocalRun<>(Pipeline.from("read", Source.of(1))
        .to("save", r -> { }));
    run.start();
    assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline 'read': this run was already started; start the blueprint again "
            + "for a new run");
    assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
  }
}
