package io.sluice.testkit.jqwik;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.testkit.Accounting;
import io.sluice.testkit.PipelineTester;
import io.sluice.testkit.TestSink;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The jqwik example of the README, verbatim. */
@SluiceProperties                 // a fresh PipelineTester per try; a try that leaks is falsified
class OrderProperties {

  @Property
  void everyOrderIsSavedOnceInOrder(@ForAll("orders") List<String> orders,
      @ForAll("dispatches") Dispatch dispatch, PipelineTester tester) throws Exception {
    TestSink<String> sink = TestSink.create();
    Pipeline<String> pipeline = Pipeline.from("in", Source.fromIterable(orders))
        .to("save", sink, dispatch);
    PipelineReport report = tester.run(PipelineTester.Mode.DETERMINISTIC, pipeline);
    assertThat(sink.records()).isEqualTo(orders);
    Accounting.assertAddsUp(pipeline, report);   // per-stage counts and batches add up
  }

  @Provide
  Arbitrary<Dispatch> dispatches() {
    return SluiceArbitraries.dispatches();      // perRecord(), batched(n), batched(n, maxWait)
  }

  @Provide
  Arbitrary<List<String>> orders() {
    return SluiceArbitraries.recordLists(Arbitraries.strings().alpha().ofLength(3));
  }
}
