package app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import io.sluice.testkit.jqwik.SluiceArbitraries;
import io.sluice.testkit.jqwik.SluiceProperties;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Named *Properties: it runs only with the surefire includes the README gives. */
@SluiceProperties
class OrderProperties {

  @Property
  void everyLineIsSavedOrRejectedOnce(@ForAll("lines") List<String> lines, PipelineTester tester)
      throws Exception {
    TestSink<Order> saved = TestSink.create();
    TestSink<DeadLetter> rejected = TestSink.create();
    Pipeline<String> job = OrderJob.pipeline(Source.fromIterable(lines), saved, rejected);

    PipelineReport report = tester.run(PipelineTester.Mode.DETERMINISTIC, job);

    assertThat(saved.records().size() + rejected.records().size()).isEqualTo(lines.size());
    assertThat(rejected.records()).extracting(DeadLetter::record)
        .allSatisfy(line -> assertThat((String) line).doesNotMatch("o\\d+,\\d+"));
    Accounting.assertAddsUp(job, report);
  }

  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> good = Arbitraries.integers().between(0, 999).map(n -> "o" + n + "," + n);
    Arbitrary<String> bad = Arbitraries.strings().alpha().ofMaxLength(4);
    return SluiceArbitraries.recordLists(Arbitraries.oneOf(good, bad));
  }
}
