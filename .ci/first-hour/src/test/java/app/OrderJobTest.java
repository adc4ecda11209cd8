package app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.StageHarness;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.junit.SluiceTest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

@SluiceTest
class OrderJobTest {

  @Test
  void parsesOneLine() {
    StageHarness<String, Order> harness = StageHarness.of(new ParseOrder());
    harness.push("o1, 12.50").end();
    assertThat(harness.emitted()).containsExactly(new Order("o1", new BigDecimal("12.50")));
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void savesGoodLinesAndDeadLettersBadOnes(PipelineTester.Mode mode, PipelineTester tester)
      throws Exception {
    TestSink<Order> saved = TestSink.create();
    TestSink<DeadLetter> rejected = TestSink.create();
    Pipeline<String> job = OrderJob.pipeline(
        Source.fromIterable(List.of("o1,12.50", "oops", "o3,40.00")), saved, rejected);

    PipelineReport report = tester.run(mode, job);

    assertThat(saved.records()).extracting(Order::id).containsExactly("o1", "o3");
    assertThat(saved.flushReasons()).containsExactly(FlushReason.SIZE);
    assertThat(rejected.records()).extracting(DeadLetter::record).containsExactly("oops");
    assertThat(job.describe()).contains("on error deadLetter(rejected lines)");
    Accounting.assertAddsUp(job, report);
  }
}
