package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Flux to a Sluice pipeline to Flux, under {@code perRecord()} and {@code batched(..)}: every record
 * in order, backpressure and cancellation both ways, errors both ways.
 */
class ReactorInteropTest {
  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final int PREFETCH = 32;

  static Stream<Dispatch> dispatches() {
    return Stream.of(Dispatch.perRecord(), Dispatch.batched(10),
        Dispatch.batched(10, Duration.ofMillis(5)));
  }

  /** A pipeline doubling numbers in a stage with the given dispatch, its output a publisher. */
  private static RunningPipeline<Long> start(Flux<Long> input, Dispatch dispatch,
      PublisherSink<Long> out) {
    return Pipeline.named("interop")
        .from("numbers", Flows.source(JdkFlowAdapter.publisherToFlowPublisher(input), PREFETCH))
        .map("double", n -> n * 2).withDispatch(dispatch)
        .to("out", out)
        .start();
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void everyRecordGoesThroughInOrderAndTheOutputCompletes(Dispatch dispatch) throws Exception {
    PublisherSink<Long> out = Flows.publisherSink();
    RunningPipeline<Long> run = start(Flux.range(0, 10_000).map(Long::valueOf), dispatch, out);

    List<Long> received = JdkFlowAdapter.flowPublisherToFlux(out.publisher(run))
        .collectList().block(WITHIN);

    assertThat(received).containsExactlyElementsOf(
        LongStream.range(0, 10_000).map(n -> n * 2).boxed().toList());
    assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void aSlowSubscriberHoldsTheUpstreamFluxBack(Dispatch dispatch) throws Exception {
    AtomicLong requestedUpstream = new AtomicLong();
    List<Long> upstreamRequests = new CopyOnWriteArrayList<>();
    Flux<Long> input = Flux.range(0, 1_000_000).map(Long::valueOf)
        .doOnRequest(n -> {
          upstreamRequests.add(n);
          requestedUpstream.addAndGet(n);
        });
    PublisherSink<Long> out = Flows.publisherSink();
    RunningPipeline<Long> run = start(input, dispatch, out);
    CountDownLatch gotFive = new CountDownLatch(5);
    List<Long> received = new CopyOnWriteArrayList<>();
    var subscriber = new reactor.core.publisher.BaseSubscriber<Long>() {
      @Override
      protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
        request(5); // and no more until told
      }

      @Override
      protected void hookOnNext(Long value) {
        received.add(value);
        gotFive.countDown();
      }
    };
    JdkFlowAdapter.flowPublisherToFlux(out.publisher(run)).subscribe(subscriber);

    assertThat(gotFive.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
    // the pipeline fills its rings and stops asking: wait until its demand no longer grows
    AtomicLong lastSeen = new AtomicLong(-1);
    await().atMost(WITHIN).pollInterval(Duration.ofMillis(50))
        .until(() -> lastSeen.getAndSet(requestedUpstream.get()) == requestedUpstream.get());
    // two rings of 4096 records at most, plus the prefetch: nowhere near the million on offer
    assertThat(requestedUpstream.get()).isLessThan(2 * 4096 + 2 * PREFETCH + 64);
    assertThat(upstreamRequests).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PREFETCH));
    assertThat(received).containsExactly(0L, 2L, 4L, 6L, 8L);
    assertThat(run.isDone()).isFalse();

    subscriber.cancel(); // the subscriber's cancel cancels the run, and the run's the upstream's
    assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(received).hasSize(5);
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void cancellingDownstreamCancelsTheRunAndTheUpstreamFlux(Dispatch dispatch) throws Exception {
    CountDownLatch upstreamCancelled = new CountDownLatch(1);
    Flux<Long> endless = Flux.interval(Duration.ofMillis(1)).onBackpressureBuffer(64)
        .doOnCancel(upstreamCancelled::countDown);
    PublisherSink<Long> out = Flows.publisherSink();
    RunningPipeline<Long> run = start(endless, dispatch, out);

    List<Long> firstTen = JdkFlowAdapter.flowPublisherToFlux(out.publisher(run))
        .take(10).collectList().block(WITHIN);

    assertThat(firstTen).containsExactlyElementsOf(
        LongStream.range(0, 10).map(n -> n * 2).boxed().toList());
    assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(PipelineReport.Outcome.CANCELLED);
    assertThat(upstreamCancelled.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void anUpstreamErrorFailsTheRunAndReachesTheDownstreamFlux(Dispatch dispatch) {
    Flux<Long> failing = Flux.range(0, 3).map(Long::valueOf)
        .concatWith(Flux.error(new IOException("feed lost")));
    PublisherSink<Long> out = Flows.publisherSink();
    RunningPipeline<Long> run = start(failing, dispatch, out);
    List<Long> received = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> JdkFlowAdapter.flowPublisherToFlux(out.publisher(run))
        .doOnNext(received::add).blockLast(WITHIN))
        .isInstanceOfSatisfying(StageFailedException.class, failure -> {
          assertThat(failure.stageName()).isEqualTo("numbers");
          assertThat(failure.getCause()).isInstanceOf(UpstreamFailedException.class)
              .hasRootCauseInstanceOf(IOException.class).hasRootCauseMessage("feed lost");
        });
    // a failure stops the run at once: records still in its rings are abandoned, so the
    // subscriber sees a prefix of what the source emitted before the error, then the error
    assertThat(received).hasSizeLessThanOrEqualTo(3)
        .isEqualTo(List.of(0L, 2L, 4L).subList(0, received.size()));
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void aFluxFeedsALivePipelineThroughItsSubscriber(Dispatch dispatch) throws Exception {
    List<Long> saved = new CopyOnWriteArrayList<>();
    RunningPipeline<Long> run = Pipeline.live("live", Long.class)
        .map("double", n -> n * 2).withDispatch(dispatch)
        .to("save", saved::add)
        .start();

    JdkFlowAdapter.publisherToFlowPublisher(
            Flux.range(0, 5_000).map(Long::valueOf).publishOn(Schedulers.boundedElastic()))
        .subscribe(Flows.subscriber(run, PREFETCH));

    assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(saved).containsExactlyElementsOf(
        LongStream.range(0, 5_000).map(n -> n * 2).boxed().toList());
  }
}
