package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.SideOutput;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.testkit.junit.SluiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's "Branching and merging" examples, run on both runners: the same outputs, the same
 * per-port and per-edge counts, and the accounting adds up.
 */
@SluiceTest
class BranchingReadmeTest {

  /** An order of the example. */
  record Order(String id, String customer, double amount) {
    static Order parse(String line) {
      String[] f = line.split(",");
      return new Order(f[0], f[1], Double.parseDouble(f[2]));
    }

    Order clean() {
      return new Order(id, customer.strip().toLowerCase(), amount);
    }

    boolean suspicious() {
      return customer.isEmpty();
    }
  }

  /** A payment of the side-output example. */
  record Payment(String id, double amount) {}

  /** An alert of the side-output example. */
  record Alert(String paymentId, String rule) {}

  static final SideOutput<Alert> ALERTS = SideOutput.of("alerts", Alert.class);

  /** Emits every payment on its main output, and an alert for a large one on ALERTS. */
  static final class Scorer implements Stage<Payment, Payment> {
    @Override
    public void process(Payment p, Emitter<Payment> out) {
      if (p.amount() > 10_000) {
        out.emit(ALERTS, new Alert(p.id(), "amount"));
      }
      out.emit(p);
    }
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void ordersFromTwoSourcesAreAuditedTriagedAndSaved(PipelineTester.Mode mode,
      PipelineTester tester) throws Exception {
    Source<Order> shopOrders = Source.of(new Order("s1", " Ann ", 50), new Order("s2", "BOB", 250),
        new Order("s3", " ", 20));
    Source<String> webLines = Source.of("w1,Cy,120", "w2, ,500", "w3,Dee,10");
    TestSink<Order> auditSink = TestSink.create();
    TestSink<Order> reviewSink = TestSink.create();
    TestSink<Order> saveSink = TestSink.create();

    Pipeline<Order> job = Pipeline.named("orders")
        .from("shop", shopOrders)
        .mergeWith(Pipeline.from("web", webLines).map("parse", Order::parse)) // two sources
        .map("clean", Order::clean)
        .alsoTo(b -> b.filter("big", o -> o.amount() > 100).to("audit", auditSink)) // a copy
        .divertTo("triage", Order::suspicious, "review", reviewSink)   // these leave the chain
        .to("save", saveSink, Dispatch.batched(500));

    RunningPipeline<Order> run = tester.start(mode, job);
    PipelineReport report = run.awaitCompletion();

    assertThat(ids(auditSink.records())).containsExactlyInAnyOrder("s2", "w1", "w2");
    assertThat(ids(reviewSink.records())).containsExactlyInAnyOrder("s3", "w2");
    assertThat(ids(saveSink.records())).containsExactlyInAnyOrder("s1", "s2", "w1", "w3");
    assertThat(ids(saveSink.records()).stream().filter(id -> id.startsWith("s")))
        .containsExactly("s1", "s2"); // each input keeps its order through the merge
    assertThat(saveSink.batches()).extracting(b -> b.reason())
        .containsExactly(FlushReason.END_OF_STREAM);
    assertThat(report.stage("clean").receivedByInput())
        .isEqualTo(Map.of("shop", 3L, "parse", 3L));
    assertThat(report.stage("triage").emittedByPort())
        .containsExactly(Map.entry("out", 4L), Map.entry("diverted", 2L));
    Accounting.assertAddsUp(job, report);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void everyPaymentIsStoredAndOnlyAlertsAreNotified(PipelineTester.Mode mode,
      PipelineTester tester) throws Exception {
    TestSink<Alert> notifier = TestSink.create();
    TestSink<Payment> store = TestSink.create();

    Pipeline<Payment> fraud = Pipeline.live("payments", Payment.class)
        .stage("score", new Scorer())                   // every payment out, alerts to ALERTS
        .sideOutputTo(ALERTS, "notify", notifier)       // alerts, one by one as they come
        .to("store", store, Dispatch.batched(500, Duration.ofMillis(200))); // payments in bulk

    RunningPipeline<Payment> run = tester.start(mode, fraud);
    for (int i = 1; i <= 10; i++) {
      run.input().push(new Payment("p" + i, i % 4 == 0 ? 20_000 : 100));
    }
    run.input().complete();
    PipelineReport report = run.awaitCompletion();

    assertThat(notifier.records()).containsExactly(new Alert("p4", "amount"),
        new Alert("p8", "amount"));
    assertThat(store.records()).hasSize(10);
    assertThat(report.stage("score").emittedByPort())
        .containsExactly(Map.entry("out", 10L), Map.entry("alerts", 2L));
    assertThat(report.stage("notify").receivedByInput()).containsExactly(
        Map.entry("score.alerts", 2L));
    Accounting.assertAddsUp(fraud, report);
  }

  private static List<String> ids(List<Order> orders) {
    return orders.stream().map(Order::id).toList();
  }

  /** Keeps the compiler honest about the README's sink type. */
  static Sink<Order> anySink() {
    return order -> { };
  }
}
