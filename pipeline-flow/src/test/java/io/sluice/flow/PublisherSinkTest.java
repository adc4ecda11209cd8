package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A pipeline's output as a publisher: demand, the end of the stream, cancellation. */
class PublisherSinkTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);

  private static RunningPipeline<Integer> numbersTo(PublisherSink<Integer> sink, int count) {
    return Pipeline.named("numbers")
        .from("read", Source.fromIterable(IntStream.range(0, count).boxed().toList()))
        .map("same", n -> n)
        .to("out", sink)
        .start();
  }

  @Test
  void recordsWaitForDemandAndTheStreamCompletesAfterTheLast() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = numbersTo(sink, 100);
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);

    subscriber.request(3);
    await().atMost(WITHIN).until(() -> subscriber.items.size() == 3);
    assertThat(run.isDone()).isFalse(); // the sink waits for demand: the run cannot end
    assertThat(subscriber.end).isNotDone();

    subscriber.request(Long.MAX_VALUE);
    assertThat(subscriber.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).isNull();
    assertThat(subscriber.items).containsExactlyElementsOf(IntStream.range(0, 100).boxed()
        .toList());
    assertThat(run.awaitCompletion().outcome()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void aSubscriberArrivingAfterAnEmptyRunEndedIsCompleted() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = numbersTo(sink, 0);
    run.awaitCompletion();
    RecordingSubscriber<Integer> late = new RecordingSubscriber<>();

    sink.publisher(run).subscribe(late);

    assertThat(late.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aStageFailureReachesTheSubscriberAsOnErrorNamingTheStage() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = Pipeline.named("failing")
        .from("read", Source.of(1, 2, 3))
        .<Integer>map("explode", n -> {
          throw new IllegalArgumentException("bad record " + n);
        })
        .to("out", sink)
        .start();
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);

    Throwable error = subscriber.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS);

    assertThat(error).isInstanceOfSatisfying(StageFailedException.class,
        failure -> assertThat(failure.stageName()).isEqualTo("explode"));
    assertThat(error).hasRootCauseMessage("bad record 1");
    assertThat(subscriber.items).isEmpty();
  }

  @Test
  void cancellingTheRunEndsTheStreamWithACancellationException() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = Pipeline.named("endless")
        .from("read", Source.fromIterable(() -> IntStream.iterate(0, n -> n + 1).iterator()))
        .to("out", sink)
        .start();
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);
    subscriber.request(Long.MAX_VALUE); // never waiting for demand, so a cancel stops the sink
    await().atMost(WITHIN).until(() -> subscriber.items.size() > 10);

    run.cancel();

    assertThat(subscriber.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class).hasMessageContaining("endless");
  }

  @Test
  void theSubscribersCancelCancelsTheRunByDefault() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = numbersTo(sink, 100_000);
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);
    subscriber.request(5);
    await().atMost(WITHIN).until(() -> subscriber.items.size() == 5);

    subscriber.cancel();

    assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(subscriber.items).hasSize(5);
    assertThat(subscriber.end).isNotDone(); // nothing follows a cancel
  }

  @Test
  void drainRunLetsAcceptedRecordsThroughEveryStageAndDiscardsThem() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink(WhenSubscriberCancels.DRAIN_RUN);
    RunningPipeline<Integer> run = numbersTo(sink, 100_000);
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);
    subscriber.request(5);
    await().atMost(WITHIN).until(() -> subscriber.items.size() == 5);

    subscriber.cancel();

    var report = run.awaitCompletion(WITHIN);
    assertThat(report.outcome()).isIn(Outcome.DRAINED, Outcome.COMPLETED);
    assertThat(report.stage("out").received()).isEqualTo(report.stage("same").emitted());
    assertThat(subscriber.items).hasSize(5);
  }

  @Test
  void discardRecordsLetsTheRunFinish() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink(WhenSubscriberCancels.DISCARD_RECORDS);
    RunningPipeline<Integer> run = numbersTo(sink, 10_000);
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);
    subscriber.request(5);
    await().atMost(WITHIN).until(() -> subscriber.items.size() == 5);

    subscriber.cancel();

    var report = run.awaitCompletion(WITHIN);
    assertThat(report.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(report.stage("out").received()).isEqualTo(10_000);
    assertThat(subscriber.items).hasSize(5);
  }

  @Test
  void aNonPositiveRequestIsAnErrorAndEndsTheSubscription() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = numbersTo(sink, 100);
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(subscriber);

    subscriber.request(0);

    assertThat(subscriber.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule 3.9")
        .hasMessageContaining("requested 0");
    assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(Outcome.CANCELLED);
  }

  @Test
  void aSecondSubscriberIsRefusedWithOnError() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = numbersTo(sink, 10);
    RecordingSubscriber<Integer> first = new RecordingSubscriber<>();
    RecordingSubscriber<Integer> second = new RecordingSubscriber<>();
    sink.publisher(run).subscribe(first);

    sink.publisher(run).subscribe(second);

    assertThat(second.subscription).isDone();
    assertThat(second.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a subscriber");
    first.request(Long.MAX_VALUE);
    assertThat(first.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).isNull();
    assertThat(first.items).hasSize(10);
  }

  @Test
  void aSinkServesOneRun() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    Pipeline<Integer> blueprint = Pipeline.named("twice").from("read", Source.of(1))
        .to("out", sink);
    RunningPipeline<Integer> first = blueprint.start();
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();
    sink.publisher(first).subscribe(subscriber);
    subscriber.request(1);
    first.awaitCompletion(WITHIN);
    RunningPipeline<Integer> second = blueprint.start();

    assertThatThrownBy(() -> sink.publisher(second)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("make a new sink for each run");
    assertThatThrownBy(second::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasMessageContaining("already served a run");
    assertThat(subscriber.items).isEqualTo(List.of(1));
  }

  @Test
  void aRunThatFailedBeforeOpeningTheSinkEndsItsStreamWithTheFailure() throws Exception {
    PublisherSink<Integer> sink = Flows.publisherSink();
    RunningPipeline<Integer> run = Pipeline.named("never-opened")
        .from("read", new io.sluice.api.Source<Integer>() {
          @Override
          public void open(io.sluice.api.StageContext context) {
            throw new IllegalStateException("no input today");
          }

          @Override
          public boolean poll(io.sluice.api.Emitter<Integer> out) {
            return false;
          }
        })
        .to("out", sink)
        .start();
    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class);
    RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>();

    sink.publisher(run).subscribe(subscriber);

    assertThat(subscriber.end.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(StageFailedException.class).hasRootCauseMessage("no input today");
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThatThrownBy(() -> Flows.publisherSink(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("whenCancelled");
    assertThatThrownBy(() -> Flows.<Integer>publisherSink().publisher(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("run");
  }
}
