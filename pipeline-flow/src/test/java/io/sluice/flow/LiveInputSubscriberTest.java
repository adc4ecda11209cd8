package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** A publisher feeding a live pipeline through its subscriber. */
class LiveInputSubscriberTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);

  private static RunningPipeline<Integer> live(List<Integer> saved) {
    return Pipeline.live("in", Integer.class).map("same", n -> n).to("save", saved::add).start();
  }

  @Test
  void onCompleteCompletesTheRunAfterEveryRecord() throws Exception {
    List<Integer> saved = new CopyOnWriteArrayList<>();
    RunningPipeline<Integer> run = live(saved);

    JdkFlowAdapter.publisherToFlowPublisher(Flux.range(0, 10_000)).subscribe(Flows.subscriber(run));

    assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(saved).hasSize(10_000).startsWith(0, 1, 2).endsWith(9_999);
  }

  @Test
  void demandFollowsWhatThePipelineAccepted() throws Exception {
    int prefetch = 8;
    AtomicLong requested = new AtomicLong();
    List<Long> requests = new CopyOnWriteArrayList<>();
    AtomicLong accepted = new AtomicLong();
    CountDownLatch release = new CountDownLatch(1);
    RunningPipeline<Integer> run = Pipeline.live("in", Integer.class)
        .map("count", n -> {
          accepted.incrementAndGet();
          return n;
        })
        .to("held", n -> release.await())
        .start();
    Flux<Integer> numbers = Flux.range(0, 20_000).doOnRequest(n -> {
      requests.add(n);
      requested.addAndGet(n);
    }).subscribeOn(Schedulers.boundedElastic());

    JdkFlowAdapter.publisherToFlowPublisher(numbers).subscribe(Flows.subscriber(run, prefetch));

    await().atMost(WITHIN).until(() -> accepted.get() > 100);
    // records pushed but not yet counted are in the ring: the ring bounds them, the prefetch the rest
    long ring = run.pipeline().stage("count").options().ringSize();
    for (int sample = 0; sample < 1_000; sample++) {
      long asked = requested.get();
      assertThat(asked - accepted.get()).isLessThanOrEqualTo(ring + prefetch);
    }
    assertThat(requests).allSatisfy(n -> assertThat(n).isBetween(1L, (long) prefetch));
    release.countDown();
    assertThat(run.awaitCompletion(WITHIN).stage("held").received()).isEqualTo(20_000);
  }

  @Test
  void onErrorFailsTheRunNamingTheInputAfterWhatItAcceptedAndKeepsTheError() throws Exception {
    RunningPipeline<Integer> run = live(new CopyOnWriteArrayList<>());
    LiveInputSubscriber<Integer> subscriber = Flows.subscriber(run);

    JdkFlowAdapter.publisherToFlowPublisher(
        Flux.range(0, 3).concatWith(Flux.error(new IOException("feed lost")))).subscribe(subscriber);

    assertThatThrownBy(() -> run.awaitCompletion(WITHIN))
        .isInstanceOf(io.sluice.api.StageFailedException.class)
        .hasMessageContaining("stage 'in' failed").hasRootCauseMessage("feed lost");
    assertThat(run.report().orElseThrow().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(run.report().orElseThrow().stage("in").emitted()).isEqualTo(3);
    assertThat(subscriber.upstreamError()).get(
        org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).hasMessage("feed lost");
  }

  @Test
  void closingTheRunCancelsTheSubscription() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    RunningPipeline<Integer> run = live(new CopyOnWriteArrayList<>());
    Flux<Integer> endless = Flux.interval(Duration.ofMillis(1)).map(Long::intValue)
        .onBackpressureDrop().doOnCancel(cancelled::countDown);
    JdkFlowAdapter.publisherToFlowPublisher(endless).subscribe(Flows.subscriber(run));
    await().atMost(WITHIN).until(() -> run.metrics().stage("in").emitted() > 0);

    run.close();

    // the next record finds the input closed and cancels
    assertThat(cancelled.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void onlyALivePipelineHasAnInput() throws Exception {
    RunningPipeline<Integer> fromSource = Pipeline.from("read", Source.of(1))
        .to("save", n -> { }).start();
    RunningPipeline<Integer> live = live(new CopyOnWriteArrayList<>());
    try {
      assertThatThrownBy(() -> Flows.subscriber(fromSource))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("only a live pipeline has an input");
      assertThatThrownBy(() -> Flows.subscriber(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> Flows.subscriber(live, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    } finally {
      fromSource.close();
      live.close();
    }
  }
}
