package io.sluice.examples.fraud;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Port;
import io.sluice.api.RunningPipeline;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.junit.SluiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fraud pipeline's graph on both runners, the testkit's deterministic one and the local
 * runtime: the same transactions stored, the same alerts notified, the same per-port counts, and
 * a report that adds up.
 */
@SluiceTest
class FraudPipelineTest {
  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void storesEveryTransactionAndNotifiesThePlantedFraudsOnEitherRunner(PipelineTester.Mode mode,
      PipelineTester tester) throws Exception {
    TransactionGenerator feed = new TransactionGenerator(42);
    List<CardTransaction> pushed = new ArrayList<>();
    TestSink<Alert> notified = TestSink.create();
    TestSink<CardTransaction> stored = TestSink.create();
    Pipeline<CardTransaction> pipeline =
        FraudPipeline.build(notified, stored, Dispatch.batched(500, Duration.ofMillis(100)));

    PipelineReport report;
    try (RunningPipeline<CardTransaction> run = tester.start(mode, pipeline)) {
      for (int i = 0; i < 3_000; i++) {
        CardTransaction tx = feed.next(0);
        pushed.add(tx);
        run.input().push(tx);
      }
      run.input().complete();
      report = run.awaitCompletion();
    }

    assertThat(stored.records()).isEqualTo(pushed);
    // the tester's clock does not move, so no batch waits out its 100 ms
    assertThat(stored.flushReasons()).containsExactly(FlushReason.SIZE, FlushReason.SIZE,
        FlushReason.SIZE, FlushReason.SIZE, FlushReason.SIZE, FlushReason.SIZE);
    assertThat(notified.records()).extracting(Alert::fraud).isEqualTo(feed.planted());
    assertThat(feed.planted()).hasSizeGreaterThan(10);
    assertThat(report.stage("rules").emittedByPort()).containsExactly(
        entry(Port.MAIN, 3_000L), entry("alerts", (long) feed.planted().size()));
    assertThat(report.stage("notify").received()).isEqualTo(feed.planted().size());
    Accounting.assertAddsUp(pipeline, report);
  }
}
