package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Async;
import io.sluice.api.AsyncStage;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Async stages on the local runner: calls in flight, order, timeouts and error policies. */
class AsyncStagesTest {
  private static final List<Integer> INPUT = IntStream.range(0, 2_000).boxed().toList();
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  /** Answers each call after a delay that varies, so calls complete out of order. */
  final class Lookup implements AsyncStage<Integer, Integer> {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxSeen = new AtomicInteger();

    @Override
    public CompletionStage<Integer> call(Integer record) {
      maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<Integer> answer = new CompletableFuture<>();
      timer.schedule(() -> {
        inFlight.decrementAndGet();
        if (record % 199 == 0) {
          answer.completeExceptionally(new IllegalStateException("no rate for " + record));
        } else {
          answer.complete(record * 10);
        }
      }, (record * 7919L) % 300, TimeUnit.MICROSECONDS);
      return answer;
    }
  }

  @Test
  void orderedCallsKeepInputOrderWithinTheBound() throws Exception {
    Lookup lookup = new Lookup();
    List<Integer> out = new CopyOnWriteArrayList<>();
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    PipelineReport report = Pipeline.from("read", Source.fromIterable(INPUT))
        .stageAsync("lookup", () -> lookup, Async.ordered(16))
        .withErrorPolicy(ErrorPolicy.deadLetter(dead::add))
        .to("save", out::add)
        .run();
    List<Integer> expected = INPUT.stream().filter(i -> i % 199 != 0).map(i -> i * 10).toList();
    assertThat(out).isEqualTo(expected);
    assertThat(dead).hasSize(INPUT.size() - expected.size());
    assertThat(dead.get(0).exception()).hasMessageContaining("no rate for 0");
    assertThat(lookup.maxSeen.get()).isBetween(2, 16);
    StageReport node = report.stage("lookup");
    assertThat(node.passedOn()).isEqualTo(expected.size());
    assertThat(node.deadLettered()).isEqualTo(dead.size());
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void unorderedBatchedCallsKeepTheMultiset() throws Exception {
    List<Integer> out = new CopyOnWriteArrayList<>();
    PipelineReport report = Pipeline.from("read", Source.fromIterable(INPUT))
        .stageAsync("lookup", Lookup::new, Async.unordered(4))
        .withDispatch(Dispatch.batched(50))
        .withErrorPolicy(ErrorPolicy.skip())
        .to("save", out::add)
        .run();
    assertThat(out).containsExactlyInAnyOrderElementsOf(
        INPUT.stream().filter(i -> i % 199 != 0).map(i -> i * 10).toList());
    StageReport node = report.stage("lookup");
    assertThat(node.skipped()).isEqualTo(INPUT.size() / 199 + 1);
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void aCallPastItsTimeoutFailsWithTimeoutException() throws Exception {
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    List<String> out = new CopyOnWriteArrayList<>();
    PipelineReport report = Pipeline.from("read", Source.of("fast", "never", "fast2"))
        .mapAsync("call", (String s) -> s.startsWith("never") ? new CompletableFuture<String>()
            : CompletableFuture.completedFuture(s.toUpperCase()),
            Async.ordered(4).withTimeout(Duration.ofMillis(50)))
        .withErrorPolicy(ErrorPolicy.deadLetter(dead::add))
        .to("save", out::add)
        .run();
    assertThat(out).containsExactly("FAST", "FAST2");
    assertThat(dead).singleElement()
        .satisfies(letter -> assertThat(letter.exception()).isInstanceOf(TimeoutException.class));
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void failFastFailsTheRunNamingTheStage() {
    Pipeline<Integer> job = Pipeline.from("read", Source.fromIterable(INPUT))
        .stageAsync("lookup", Lookup::new, Async.ordered(8))
        .to("save", i -> { });
    assertThatThrownBy(job::run).isInstanceOfSatisfying(StageFailedException.class, e -> {
      assertThat(e.stageName()).isEqualTo("lookup");
      assertThat(e.record()).contains(0);
      assertThat(e.getCause()).hasMessage("no rate for 0");
    });
  }
}
