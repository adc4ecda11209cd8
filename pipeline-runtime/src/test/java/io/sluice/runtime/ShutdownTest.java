package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageOptions;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** close() drains under load, close(Duration) gives up in time, and nothing is lost or hidden. */
class ShutdownTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final int IN_FLIGHT = 100_000;
  /**
   * Rings whose slots together hold far more than {@link #IN_FLIGHT}: a ring holds its size in
   * records only when its chunks are full, and under load producers publish part-full chunks.
   */
  private static final int BIG_RING = 1 << 17;

  @Test
  void closeWith100000RecordsInFlightAcrossThreeStagesDeliversThemAll() throws Exception {
    AtomicLong produced = new AtomicLong();
    Source<Long> feed = out -> { // 100,000 records, then nothing more until closed
      for (int i = 0; i < 256 && produced.get() < IN_FLIGHT; i++) {
        out.emit(produced.getAndIncrement());
      }
      return true;
    };
    CountDownLatch gate = new CountDownLatch(1);
    RecordingSink<Long> sink = new RecordingSink<>();
    Sink<Long> gated = new Sink<>() {
      @Override
      public void write(Long record) {
        throw new AssertionError("batches only");
      }

      @Override
      public void writeBatch(List<Long> batch) throws InterruptedException {
        gate.await(); // holds everything upstream until close() has begun
        batch.forEach(sink::write);
      }
    };
    RunningPipeline<Long> run = Pipeline.named("load").from("feed", feed)
        .map("a", x -> x).ownThread().withRingSize(BIG_RING) // rings enough for all in flight
        .map("b", x -> x).ownThread().withRingSize(BIG_RING)
        .to("save", gated, StageOptions.defaults().withRingSize(BIG_RING)
            .withDispatch(Dispatch.batched(500)))
        .start();
    try {
      await().atMost(PATIENCE).until(() -> produced.get() == IN_FLIGHT);
    } catch (RuntimeException | Error e) { // leave no threads behind for the next tests
      run.cancel();
      gate.countDown();
      throw e;
    }
    assertThat(sink.records()).isEmpty(); // all 100,000 are in the rings and stages

    Thread closer = new Thread(run::close, "closer");
    closer.start();
    await().atMost(PATIENCE).until(() -> closer.getState() == Thread.State.WAITING);
    gate.countDown();
    closer.join();

    assertThat(sink.records()).isEqualTo(LongStream.range(0, IN_FLIGHT).boxed().toList());
    PipelineReport report = run.awaitCompletion();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(report.stage("save").passedOn()).isEqualTo(IN_FLIGHT);
    assertThat(report.stages()).allSatisfy(s -> assertThat(s.stranded()).isZero());
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void closeWithADeadlineCancelsADrainThatCannotFinishAndReportsWhatWasStranded() {
    ManualClock clock = new ManualClock(); // never advanced: the sink's retry never comes
    RecordingSink<Integer> written = new RecordingSink<>();
    RunningPipeline<Integer> run = Pipeline.from("read", Source.fromIterable(
            Stream.iterate(0, i -> i + 1).limit(1_000).toList()))
        .map("same", x -> x)
        .to("save", record -> {
          if (record == 5) {
            throw new IllegalStateException("database down");
          }
          written.write(record);
        }, Dispatch.perRecord(), ErrorPolicy.retry(2, Duration.ofHours(1), Duration.ofHours(1)))
        .withClock(clock).start();
    await().atMost(PATIENCE).until(() -> written.records().size() == 5);

    PipelineReport report = run.close(Duration.ofMillis(200));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    StageReport save = report.stage("save");
    assertThat(save.passedOn()).isEqualTo(5);
    assertThat(save.stranded()).isPositive();
    long stranded = report.stages().stream().mapToLong(StageReport::stranded).sum();
    assertThat(save.passedOn() + stranded).isEqualTo(1_000);
    assertThat(report.accountingBreaches()).isEmpty();
    assertThat(run.report()).contains(report);
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void closeWithADeadlineThatIsMetDrainsNormally() throws Exception {
    RecordingSink<Integer> sink = new RecordingSink<>();
    QueueSource<Integer> source = new QueueSource<>();
    ManualClock clock = new ManualClock();
    RunningPipeline<Integer> run = Pipeline.from("read", source)
        .to("save", sink, Dispatch.batched(10, Duration.ofHours(1))).withClock(clock).start();
    source.offer(1, 2, 3);
    await().atMost(PATIENCE).until(() -> clock.reads() > 0); // the batch has begun: accepted

    PipelineReport report = run.close(Duration.ofMinutes(1));

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(sink.records()).containsExactly(1, 2, 3);
    assertThat(sink.batches()).containsExactly(new RecordingSink.Batch(3, FlushReason.DRAIN));
  }

  /** Passes records on and throws when closed. */
  private static Stage<Integer, Integer> closingBadly(String name) {
    return new Stage<>() {
      @Override
      public void process(Integer record, Emitter<Integer> out) {
        out.emit(record);
      }

      @Override
      public void close() {
        throw new IllegalStateException(name + " could not release its connection");
      }
    };
  }

  @Test
  void exceptionsFromSeveralClosesAreAllReportedOneAsFailureTheOthersSuppressed() {
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        () -> Pipeline.from("read", Source.of(1, 2, 3))
            .stage("a", closingBadly("a"))
            .stage("b", closingBadly("b"))
            .to("save", r -> { }).run());

    List<String> stages = Stream.concat(Stream.of(failure),
            Arrays.stream(failure.getSuppressed()).map(StageFailedException.class::cast))
        .map(StageFailedException::stageName).sorted().toList();
    assertThat(stages).containsExactly("a", "b");
    assertThat(failure.getCause()).hasMessageEndingWith("could not release its connection");
    assertThat(SluiceThreads.alive()).isEmpty();
  }

  @Test
  void aPushBlockedOnAFullRingHonoursInterruptionAndSaysTheRecordWasNotAccepted()
      throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    RecordingSink<Integer> sink = new RecordingSink<>();
    RunningPipeline<Integer> run = Pipeline.live("in", Integer.class)
        .to("save", record -> {
          gate.await();
          sink.write(record);
        }, StageOptions.defaults().withRingSize(8))
        .start();
    int accepted = 0;
    while (run.input().tryPush(accepted)) {
      accepted++;
    }
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread pusher = new Thread(() -> {
      try {
        run.input().push(-1);
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "pusher");
    pusher.start();
    pusher.interrupt();
    pusher.join();

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class)
        .hasMessage("push to live input 'in' of pipeline 'in' was interrupted while the ring was "
            + "full; the record was not accepted");
    gate.countDown();
    run.close();
    assertThat(sink.records()).isEqualTo(Stream.iterate(0, i -> i + 1).limit(accepted).toList());
    assertThat(run.awaitCompletion().stage("in").emitted()).isEqualTo(accepted);
  }
}
