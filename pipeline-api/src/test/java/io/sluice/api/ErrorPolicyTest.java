package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error policies: how they compose, how they spell, and what the DSL rejects. */
class ErrorPolicyTest {
  private final PipelineBuilder<Integer, Integer> start =
      Pipeline.named("orders").from("read", Source.of(1, 2, 3));
  private final Sink<Object> sink = record -> { };
  private final Sink<DeadLetter> deadLetters = new Sink<>() {
    @Override
    public void write(DeadLetter letter) { }

    @Override
    public String toString() {
      return "dlq";
    }
  };

  @Test
  void failFastIsEveryStagesDefault() {
    Pipeline<Integer> pipeline = start.map("clean", x -> x).to("save", sink);
    assertThat(pipeline.stages()).allSatisfy(stage ->
        assertThat(stage.errorPolicy()).isEqualTo(ErrorPolicy.failFast()));
    assertThat(ErrorPolicy.failFast().isFailFast()).isTrue();
    assertThat(ErrorPolicy.failFast().maxAttempts()).isEqualTo(1);
  }

  @Test
  void policiesComposeAndSpellThemselvesAsInTheDsl() {
    ErrorPolicy retry = ErrorPolicy.retry(3, Duration.ofMillis(100), Duration.ofSeconds(2));
    assertThat(ErrorPolicy.failFast()).hasToString("failFast()");
    assertThat(ErrorPolicy.skip()).hasToString("skip()");
    assertThat(ErrorPolicy.skip(10)).hasToString("skip(10)");
    assertThat(ErrorPolicy.deadLetter(deadLetters)).hasToString("deadLetter(dlq)");
    assertThat(retry).hasToString("retry(3, 100ms, 2s)");
    assertThat(retry.thenSkip(5)).hasToString("retry(3, 100ms, 2s).thenSkip(5)");
    assertThat(retry.thenDeadLetter(deadLetters))
        .hasToString("retry(3, 100ms, 2s).thenDeadLetter(dlq)");

    ErrorPolicy composed = retry.thenDeadLetter(deadLetters);
    assertThat(composed.maxAttempts()).isEqualTo(3);
    assertThat(composed.action()).isEqualTo(ErrorPolicy.Action.DEAD_LETTER);
    assertThat(composed.deadLetterSink()).containsSame(deadLetters);
    assertThat(composed.isFailFast()).isFalse();
    assertThat(retry.action()).isEqualTo(ErrorPolicy.Action.FAIL);
    assertThat(retry.isFailFast()).isFalse();
    assertThat(ErrorPolicy.skip(10).skipLimit()).hasValue(10);
    assertThat(ErrorPolicy.skip().skipLimit()).isEmpty();
    assertThat(composed).isEqualTo(retry.thenDeadLetter(deadLetters))
        .isNotEqualTo(retry.thenSkip());
  }

  @Test
  void backoffDoublesFromTheFirstUpToTheCap() {
    ErrorPolicy retry = ErrorPolicy.retry(10, Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(List.of(2, 3, 4, 5, 10).stream().map(retry::backoffBefore).toList())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
            Duration.ofMillis(500), Duration.ofMillis(500));
    ErrorPolicy immediate = ErrorPolicy.retry(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO);
    assertThat(immediate.backoffBefore(Integer.MAX_VALUE)).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> retry.backoffBefore(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the first attempt has no backoff; asked for attempt 1");
  }

  @Test
  void invalidPoliciesAreRejectedWhenGivenToAStageNamingItAndTheValue() {
    PipelineBuilder<Integer, Integer> clean = start.map("clean", x -> x);
    assertThatThrownBy(() -> clean.withErrorPolicy(
        ErrorPolicy.retry(1, Duration.ZERO, Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'clean': a retry needs at least 2 attempts (the first call counts as "
            + "one) but maxAttempts was 1");
    assertThatThrownBy(() -> clean.withErrorPolicy(
        ErrorPolicy.retry(3, Duration.ofMillis(-1), Duration.ZERO)))
        .hasMessage("stage 'clean': firstBackoff must not be negative but was PT-0.001S");
    assertThatThrownBy(() -> clean.withErrorPolicy(
        ErrorPolicy.retry(3, Duration.ofSeconds(2), Duration.ofSeconds(1))))
        .hasMessage("stage 'clean': maxBackoff must be at least firstBackoff (PT2S) but was PT1S");
    assertThatThrownBy(() -> clean.withErrorPolicy(
        ErrorPolicy.retry(3, Duration.ofSeconds(1), Duration.ofHours(2))))
        .hasMessage("stage 'clean': maxBackoff must be at most PT1H but was PT2H");
    assertThatThrownBy(() -> clean.withErrorPolicy(ErrorPolicy.skip(-1)))
        .hasMessage("stage 'clean': the skip limit must not be negative but was -1");
    assertThatThrownBy(() -> start.to("save", sink, Dispatch.perRecord(), ErrorPolicy.skip(-2)))
        .hasMessage("stage 'save': the skip limit must not be negative but was -2");
    assertThatThrownBy(() -> start.to("save", () -> sink, StageOptions.defaults()
        .withErrorPolicy(ErrorPolicy.retry(0, Duration.ZERO, Duration.ZERO))))
        .hasMessageStartingWith("stage 'save': a retry needs at least 2 attempts");
  }

  @Test
  void nullsAndPoliciesOnTheInputAreRejected() {
    assertThatThrownBy(() -> start.map("clean", x -> x).withErrorPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("error policy of stage 'clean' must not be null");
    assertThatThrownBy(() -> ErrorPolicy.deadLetter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dead-letter sink must not be null");
    assertThatThrownBy(() -> ErrorPolicy.retry(2, null, Duration.ZERO))
        .hasMessage("firstBackoff must not be null");
    assertThatThrownBy(() -> start.withErrorPolicy(ErrorPolicy.skip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'read' is the pipeline's input and has no error policy: a failing "
            + "source fails the run");
  }

  @Test
  void theDslSetsThePolicyNextToTheDispatchAndDescribeShowsIt() {
    Pipeline<Integer> pipeline = start
        .map("clean", x -> x).withDispatch(Dispatch.batched(10))
        .withErrorPolicy(ErrorPolicy.skip(5))
        .to("save", sink, Dispatch.batched(100), ErrorPolicy.deadLetter(deadLetters));

    assertThat(pipeline.stage("clean").errorPolicy()).isEqualTo(ErrorPolicy.skip(5));
    assertThat(pipeline.stage("clean").dispatch()).isEqualTo(Dispatch.batched(10));
    assertThat(pipeline.stage("save").options().errorPolicy())
        .isEqualTo(ErrorPolicy.deadLetter(deadLetters));
    assertThat(pipeline.describe()).isEqualTo("""
        pipeline orders (3 stages, 3 threads)
          read   source                           thread 1
            |
            v
          clean  map      batched(10)             thread 2  ring 4096  on error skip(5)
            |
            v
          save   sink     batched(100)            thread 3  ring 4096  on error deadLetter(dlq)
        """);
  }

  @Test
  void aDeadLetterCarriesWhereAndWhyAndChecksItsBatchInformation() {
    IllegalStateException boom = new IllegalStateException("boom");
    DeadLetter letter = new DeadLetter("orders", "save", "o7", boom, 3, FlushReason.SIZE, 500);
    assertThat(letter).hasToString("DeadLetter[orders/save: o7 after 3 attempts in a SIZE batch "
        + "of 500: java.lang.IllegalStateException: boom]");
    assertThat(new DeadLetter("orders", "clean", "o8", boom, 1, null, 0).flushReason()).isEmpty();
    assertThatThrownBy(() -> new DeadLetter("orders", "save", "o7", boom, 0, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stage 'save': a dead letter needs at least 1 attempt but had 0");
    assertThatThrownBy(() -> new DeadLetter("orders", "save", "o7", boom, 1, FlushReason.TIME, 0))
        .hasMessageContaining("had reason TIME and batch size 0");
  }

  @Test
  void stageReportsSayWhatIsUnaccounted() {
    StageReport balanced = StageReport.builder("valid", StageKind.FILTER).received(10)
        .emitted(6).passedOn(6).filtered(2).skipped(1).deadLettered(1).build();
    assertThat(balanced.unaccounted()).isZero();
    assertThat(balanced).hasToString(
        "valid FILTER: received 10, emitted 6, filtered 2, skipped 1, dead-lettered 1");
    assertThat(StageReport.builder("x", StageKind.MAP).received(3).passedOn(1).build()
        .unaccounted()).isEqualTo(2);
  }
}
