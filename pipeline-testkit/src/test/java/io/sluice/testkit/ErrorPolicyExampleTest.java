package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.testkit.StageHarnessExampleTest.ParseStage;
import io.sluice.testkit.junit.SluiceTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The error policy example of the README, verbatim, and what the runners do with policies and
 * fault plans: the same counts on both, failed runs included.
 */
@SluiceTest
class ErrorPolicyExampleTest {

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void poisonIsDeadLetteredOnEitherRunner(PipelineTester.Mode mode, PipelineTester tester)
      throws Exception {
    List<String> input = List.of("1", "2", "3", "4");
    FaultPlan plan = FaultPlan.poison(1);                       // "2" is poison
    TestSink<Integer> saved = TestSink.create();
    TestSink<DeadLetter> parked = TestSink.create();           // any Sink<DeadLetter>
    Pipeline<String> pipeline = Pipeline.from("in", Source.fromIterable(input))
        .stage("parse", plan.inject(new ParseStage(), input))
        .withErrorPolicy(ErrorPolicy.deadLetter(parked))        // or skip(), retry(...)
        .to("save", saved, Dispatch.batched(2));
    PipelineReport report = tester.run(mode, pipeline);
    assertThat(saved.records()).containsExactly(1, 3, 4);
    assertThat(parked.records()).extracting(DeadLetter::record).containsExactly("2");
    assertThat(report.stage("parse").deadLettered()).isEqualTo(1);
    Accounting.assertAddsUp(pipeline, report);                 // every record has one fate
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void aFailedRunHasAReportThatAddsUpOnEitherRunner(PipelineTester.Mode mode,
      PipelineTester tester) throws Exception {
    List<String> input = List.of("1", "2", "3", "4", "5");
    TestSink<Integer> saved = TestSink.create();
    Pipeline<String> pipeline = Pipeline.from("in", Source.fromIterable(input))
        .stage("parse", FaultPlan.poison(2).inject(new ParseStage(), input))
        .withDispatch(Dispatch.batched(2))
        .to("save", saved, Dispatch.batched(4));
    RunningPipeline<String> run = tester.start(mode, pipeline);

    assertThatThrownBy(run::awaitCompletion).isInstanceOf(StageFailedException.class)
        .hasRootCauseInstanceOf(InjectedFault.class);
    PipelineReport report = run.report().orElseThrow();
    assertThat(report.stage("parse").failed()).isEqualTo(1);
    assertThat(saved.records()).containsExactly(1, 2);  // passed on before the failure: delivered
    assertThat(report.stage("save").batchesByReason()).containsEntry(FlushReason.DRAIN, 1L);
    assertThat(report.stage("save").stranded()).isZero();
    Accounting.assertAddsUp(pipeline, report);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void aPoisonRecordInABatchIsIsolatedAndRetriedAsThePolicySays(PipelineTester.Mode mode,
      PipelineTester tester) throws Exception {
    List<Integer> input = List.of(1, 2, 3, 4, 5, 6, 7, 8);
    TestSink<Integer> saved = TestSink.create();
    TestSink<DeadLetter> parked = TestSink.create();
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.fromIterable(input))
        .to("save", FaultPlan.poison(5).inject(saved, input), Dispatch.batched(8),
            ErrorPolicy.retry(2, Duration.ZERO, Duration.ZERO).thenDeadLetter(parked));

    PipelineReport report = tester.run(mode, pipeline);

    assertThat(saved.records()).containsExactly(1, 2, 3, 4, 5, 7, 8);
    assertThat(report.stage("save").retried()).isEqualTo(1);   // the whole batch, once
    assertThat(report.stage("save").deadLettered()).isEqualTo(1);
    // 2 calls of the 8, then [5, 6, 7, 8], [5, 6] and [6] failed on the way to it
    assertThat(parked.records()).singleElement().satisfies(letter -> {
      assertThat(letter.record()).isEqualTo(6);
      assertThat(letter.attempts()).isEqualTo(5);
    });
    Accounting.assertAddsUp(pipeline, report);
  }

  @Test
  void aRetryThatWouldWaitIsRejectedByTheDeterministicRunner(PipelineTester tester) {
    Pipeline<Integer> pipeline = Pipeline.from("in", Source.of(1))
        .to("save", TestSink.create(), Dispatch.perRecord(),
            ErrorPolicy.retry(3, Duration.ofMillis(10), Duration.ofSeconds(1)));

    assertThatThrownBy(() -> tester.runDeterministic(pipeline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'save'").hasMessageContaining("retry(3, 10ms, 1s)")
        .hasMessageContaining("Duration.ZERO");
  }
}
