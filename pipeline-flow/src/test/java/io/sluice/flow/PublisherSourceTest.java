package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport.Outcome;
import io.sluice.api.RunningPipeline;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/** A pipeline reading a publisher: bounded demand, completion, errors and cancellation. */
class PublisherSourceTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);

  @Test
  void readsAJdkSubmissionPublisherToItsEnd() throws Exception {
    List<Integer> saved = new CopyOnWriteArrayList<>();
    try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
      RunningPipeline<Integer> run = Pipeline.named("jdk")
          .from("read", Flows.source(publisher, 8))
          .to("save", saved::add)
          .start();
      await().atMost(WITHIN).until(() -> publisher.getNumberOfSubscribers() == 1);
      IntStream.range(0, 1_000).forEach(publisher::submit); // submit blocks when we lag behind
      publisher.close();

      assertThat(run.awaitCompletion(WITHIN).outcome()).isEqualTo(Outcome.COMPLETED);
    }
    assertThat(saved).containsExactlyElementsOf(IntStream.range(0, 1_000).boxed().toList());
  }

  @Test
  void neverHoldsMoreThanThePrefetchAheadOfWhatThePipelineTook() throws Exception {
    int prefetch = 16;
    AtomicLong requested = new AtomicLong();
    List<Long> requests = new CopyOnWriteArrayList<>();
    AtomicLong taken = new AtomicLong(); // counted on the source's thread as each record is emitted
    CountDownLatch release = new CountDownLatch(1);
    Flux<Integer> numbers = Flux.range(0, 100_000).doOnRequest(n -> {
      requests.add(n);
      requested.addAndGet(n);
    });
    RunningPipeline<Integer> run = Pipeline.named("bounded")
        .from("read", Flows.source(JdkFlowAdapter.publisherToFlowPublisher(numbers), prefetch))
        .map("count", n -> {
          taken.incrementAndGet();
          return n;
        })
        .to("held", n -> release.await())
        .start();

    await().atMost(WITHIN).until(() -> taken.get() > 100);
    for (int sample = 0; sample < 1_000; sample++) {
      long asked = requested.get(); // read first: what was taken can only have grown since
      assertThat(asked - taken.get()).isLessThanOrEqualTo(prefetch);
    }
    assertThat(requests).allSatisfy(n -> assertThat(n).isBetween(1L, (long) prefetch));

    release.countDown();
    assertThat(run.awaitCompletion(WITHIN).stage("held").received()).isEqualTo(100_000);
  }

  @Test
  void anUpstreamErrorFailsTheRunNamingTheSource() {
    Flow.Publisher<Integer> failing = JdkFlowAdapter.publisherToFlowPublisher(
        Flux.range(0, 3).concatWith(Flux.error(new IllegalStateException("feed lost"))));
    RunningPipeline<Integer> run = Pipeline.named("failing")
        .from("feed", Flows.source(failing))
        .to("save", n -> { })
        .start();

    assertThatThrownBy(run::awaitCompletion)
        .isInstanceOfSatisfying(StageFailedException.class, failure -> {
          assertThat(failure.stageName()).isEqualTo("feed");
          assertThat(failure.pipelineName()).isEqualTo("failing");
        })
        .hasCauseInstanceOf(UpstreamFailedException.class)
        .hasRootCauseMessage("feed lost");
  }

  @Test
  void closingTheRunCancelsTheSubscription() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    Flow.Publisher<Integer> endless = JdkFlowAdapter.publisherToFlowPublisher(
        Flux.<Integer>never().doOnCancel(cancelled::countDown));
    RunningPipeline<Integer> run = Pipeline.named("endless")
        .from("feed", Flows.source(endless))
        .to("save", n -> { })
        .start();

    assertThat(run.close(WITHIN).outcome()).isEqualTo(Outcome.DRAINED);
    assertThat(cancelled.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFailingStageCancelsTheSubscription() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    Flow.Publisher<Integer> numbers = JdkFlowAdapter.publisherToFlowPublisher(
        Flux.range(0, 1_000_000).doOnCancel(cancelled::countDown));
    RunningPipeline<Integer> run = Pipeline.named("stage-fails")
        .from("feed", Flows.source(numbers))
        .to("save", n -> {
          throw new IllegalStateException("disk full");
        })
        .start();

    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class);
    assertThat(cancelled.await(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aPublisherSendingMoreThanRequestedFailsTheRun() {
    Flow.Publisher<Integer> flooding = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        for (int i = 0; i < n + 5; i++) {
          subscriber.onNext(i);
        }
      }

      @Override
      public void cancel() {}
    });
    RunningPipeline<Integer> run = Pipeline.named("flooded")
        .from("feed", Flows.source(flooding, 4))
        .to("save", n -> { })
        .start();

    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasRootCauseMessage("source 'feed' of pipeline 'flooded': the publisher sent more "
            + "records than the 4 requested (rule 1.1)");
  }

  @Test
  void aSecondRunAtOnceIsRefusedAndLeavesTheFirstReading() throws Exception {
    try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
      List<Integer> saved = new CopyOnWriteArrayList<>();
      Pipeline<Integer> blueprint = Pipeline.named("shared")
          .from("read", Flows.source(publisher))
          .to("save", saved::add);
      RunningPipeline<Integer> first = blueprint.start();
      await().atMost(WITHIN).until(() -> publisher.getNumberOfSubscribers() == 1);

      RunningPipeline<Integer> second = blueprint.start();

      assertThatThrownBy(second::awaitCompletion).isInstanceOf(StageFailedException.class)
          .hasRootCauseMessage("source 'read' of pipeline 'shared' is already read by another "
              + "run; a publisher source serves one run at a time (give the blueprint a factory, "
              + "from(name, () -> Flows.source(..)), for concurrent runs)");
      publisher.submit(7);
      publisher.close();
      assertThat(first.awaitCompletion(WITHIN).outcome()).isEqualTo(Outcome.COMPLETED);
      assertThat(saved).containsExactly(7);
    }
  }

  @Test
  void theArgumentsAreChecked() {
    Flow.Publisher<Integer> none = JdkFlowAdapter.publisherToFlowPublisher(Flux.empty());
    assertThatThrownBy(() -> Flows.source(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("publisher");
    assertThatThrownBy(() -> Flows.source(none, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefetch must be between 1 and 1048576 but was 0");
    assertThatThrownBy(() -> Flows.source(none, Flows.MAX_PREFETCH + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1048577");
  }
}
