package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.DeadLetter;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import io.sluice.api.StageFailedException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures away from the main path (close, dead-letter sinks, open on a fused thread, a record's
 * toString, a factory) are reported with the right stage and cause, and nothing opened stays open.
 */
class SidePathFailureTest {

  /** A stage that counts its opens and closes and can throw an Error from close. */
  static class Counted implements Stage<Integer, Integer> {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    private final Throwable onClose;
    private final Throwable onOpen;

    Counted(Throwable onOpen, Throwable onClose) {
      this.onOpen = onOpen;
      this.onClose = onClose;
    }

    @Override
    public void open(StageContext context) throws Exception {
      opens.incrementAndGet();
      throwIt(onOpen);
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      out.emit(record);
    }

    @Override
    public void close() throws Exception {
      closes.incrementAndGet();
      throwIt(onClose);
    }

    private static void throwIt(Throwable t) throws Exception {
      if (t instanceof Error e) {
        throw e;
      } else if (t instanceof Exception e) {
        throw e;
      }
    }
  }

  /** A dead-letter sink counting opens, writes and closes. */
  static final class CountingDeadLetters implements Sink<DeadLetter> {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final CountDownLatch written = new CountDownLatch(1);

    @Override
    public void open(StageContext context) {
      opens.incrementAndGet();
    }

    @Override
    public void write(DeadLetter letter) {
      writes.incrementAndGet();
      written.countDown();
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private static PipelineReport ended(RunningPipeline<?> run) throws InterruptedException {
    try {
      run.awaitCompletion();
    } catch (StageFailedException expected) {
      // the report says the rest
    }
    return run.report().orElseThrow();
  }

  @Test
  void anErrorFromAStageCloseFailsTheRunAndTheStageFusedBehindItIsStillClosed() throws Exception {
    Counted first = new Counted(null, new LinkageError("close broke"));
    Counted behind = new Counted(null, null);
    Pipeline<Integer> pipeline = Pipeline.named("close-error")
        .from("in", Source.fromIterable(List.of(1, 2, 3)))
        .stage("first", first).fused().stage("behind", behind).fused()
        .to("out", new RecordingSink<>());
    PipelineReport report = ended(pipeline.start());

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    StageFailedException failure = report.failure().orElseThrow();
    assertThat(failure.stageName()).isEqualTo("first");
    assertThat(failure).hasCauseInstanceOf(LinkageError.class);
    assertThat(behind.closes).hasValue(1);
    assertThat(first.closes).hasValue(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void anErrorFromASourceCloseFailsTheRunNamingTheSource() throws Exception {
    Source<Integer> source = new Source<>() {
      private int next;

      @Override
      public boolean poll(Emitter<Integer> out) {
        out.emit(next++);
        return next < 5;
      }

      @Override
      public void close() {
        throw new AssertionError("source close broke");
      }
    };
    Counted fused = new Counted(null, null);
    PipelineReport report = ended(Pipeline.named("source-close-error").from("in", source)
        .stage("fused", fused).fused().to("out", new RecordingSink<>()).start());

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    assertThat(report.failure().orElseThrow().stageName()).isEqualTo("in");
    assertThat(report.failure().orElseThrow()).hasCauseInstanceOf(AssertionError.class);
    assertThat(fused.closes).hasValue(1);
  }

  @Test
  void anErrorFromADeadLetterSinkFailsTheRunNamingTheRecordAndTheAccountingHolds()
      throws Exception {
    Sink<DeadLetter> broken = letter -> {
      throw new OutOfMemoryError("dead-letter sink broke");
    };
    PipelineReport report = ended(Pipeline.named("dlq-error")
        .from("in", Source.fromIterable(List.of(1, 2, 3)))
        .stage("check", (Integer x, Emitter<Integer> out) -> {
          if (x == 2) {
            throw new IllegalArgumentException("bad " + x);
          }
          out.emit(x);
        }).withErrorPolicy(ErrorPolicy.deadLetter(broken))
        .to("out", new RecordingSink<>()).start());

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
    StageFailedException failure = report.failure().orElseThrow();
    assertThat(failure.stageName()).isEqualTo("check");
    assertThat(failure.record()).contains(2);
    assertThat(failure).hasCauseInstanceOf(OutOfMemoryError.class);
    assertThat(failure.getCause().getSuppressed()).hasSize(1);
    assertThat(report.stage("check").failed()).isEqualTo(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aStageFusedOntoTheSourceThreadThatFailsToOpenIsReportedUnderItsOwnName(boolean error)
      throws Exception {
    Counted broken = new Counted(error ? new NoClassDefFoundError("driver")
        : new IllegalStateException("no connection"), null);
    PipelineReport report = ended(Pipeline.named("fused-open")
        .from("in", Source.fromIterable(List.of(1, 2, 3)))
        .stage("connect", broken).fused()
        .to("out", new RecordingSink<>()).start());

    assertThat(report.failure().orElseThrow().stageName()).isEqualTo("connect");
    assertThat(report.failure().orElseThrow().getCause())
        .isInstanceOf(error ? NoClassDefFoundError.class : IllegalStateException.class);
    assertThat(broken.closes).hasValue(1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aSharedDeadLetterSinkIsClosedWhenAnotherStageFailsToOpen() throws Exception {
    CountingDeadLetters letters = new CountingDeadLetters();
    Stage<Integer, Integer> rejectsTwo = (x, out) -> {
      if (x == 2) {
        throw new IllegalArgumentException("bad " + x);
      }
      out.emit(x);
    };
    Counted cannotOpen = new Counted(new IllegalStateException("no connection"), null) {
      @Override
      public void open(StageContext context) throws Exception {
        letters.written.await(); // fails to open only once the other stage dead-lettered
        super.open(context);
      }
    };
    PipelineReport report = ended(Pipeline.named("shared-dlq")
        .from("in", Source.fromIterable(List.of(1, 2, 3)))
        .stage("check", rejectsTwo).withErrorPolicy(ErrorPolicy.deadLetter(letters)).ownThread()
        .stage("late", cannotOpen).withErrorPolicy(ErrorPolicy.deadLetter(letters)).ownThread()
        .to("out", new RecordingSink<>()).start());

    assertThat(report.failure().orElseThrow().stageName()).isEqualTo("late");
    assertThat(letters.opens).hasValue(1);
    assertThat(letters.writes).hasValue(1);
    assertThat(letters.closes).hasValue(1);
    assertThat(cannotOpen.closes).hasValue(1);
  }

  @Test
  void aSharedDeadLetterSinkIsClosedWhenTheSourceFailsToOpen() throws Exception {
    CountingDeadLetters letters = new CountingDeadLetters();
    Source<Integer> cannotOpen = new Source<>() {
      @Override
      public void open(StageContext context) {
        throw new IllegalStateException("no file");
      }

      @Override
      public boolean poll(Emitter<Integer> out) {
        return false;
      }
    };
    Counted fused = new Counted(null, null);
    PipelineReport report = ended(Pipeline.named("source-open").from("in", cannotOpen)
        .stage("fused", fused).fused().withErrorPolicy(ErrorPolicy.deadLetter(letters))
        .to("out", new RecordingSink<>()).start());

    assertThat(report.failure().orElseThrow().stageName()).isEqualTo("in");
    assertThat(letters.closes).hasValue(letters.opens.get());
    assertThat(fused.closes).hasValue(fused.opens.get());
  }

  @Test
  void aRecordWhoseToStringThrowsKeepsTheStageRealException() throws Exception {
    record Hostile(int id) {
      @Override
      public String toString() {
        throw new IllegalStateException("toString broke");
      }
    }
    PipelineReport report = ended(Pipeline.named("hostile-record")
        .from("in", Source.fromIterable(List.of(new Hostile(1))))
        .stage("work", (Hostile h, Emitter<Hostile> out) -> {
          throw new UnsupportedOperationException("the real failure");
        })
        .to("out", new RecordingSink<>()).start());

    StageFailedException failure = report.failure().orElseThrow();
    assertThat(failure.stageName()).isEqualTo("work");
    assertThat(failure).hasCauseInstanceOf(UnsupportedOperationException.class);
    assertThat(failure.getMessage()).contains("Hostile").contains("toString");
    assertThat(failure.record()).contains(new Hostile(1));
  }

  @Test
  void aStageFactoryThatThrowsAtStartIsReportedNamingTheStage() {
    Pipeline<Integer> pipeline = Pipeline.named("bad-factory")
        .from("in", Source.fromIterable(List.of(1)))
        .stage("enrich", () -> {
          throw new IllegalStateException("no config");
        })
        .to("out", new RecordingSink<>());

    StageFailedException failure = catchThrowableOfType(pipeline::start,
        StageFailedException.class);
    assertThat(failure).isNotNull();
    assertThat(failure.stageName()).isEqualTo("enrich");
    assertThat(failure.pipelineName()).isEqualTo("bad-factory");
    assertThat(failure).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(SluiceThreads.alive()).isEmpty();
  }
}
