package io.sluice.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * The examples of the README's "Reactive Streams" section, kept compiling and checked. The code
 * between the {@code // ---} markers is what the README shows.
 */
class ReactiveStreamsReadmeTest {
  record Payment(String card, double amount) {}

  record Alert(String card, String reason) {}

  private static final Flux<Payment> PAYMENTS = Flux.just(
      new Payment("4000-01", 25.00), new Payment("4000-02", 1_250.00),
      new Payment("4000-03", 9.99), new Payment("4000-04", 4_800.00));

  @Test
  void aFluxThroughAPipelineIntoAFlux() throws Exception {
    Flux<Payment> payments = PAYMENTS;
    // ---
    PublisherSink<Alert> alerts = Flows.publisherSink();          // the pipeline's output
    RunningPipeline<Payment> run = Pipeline.named("fraud")
        .from("payments", Flows.source(JdkFlowAdapter.publisherToFlowPublisher(payments)))
        .filter("large", p -> p.amount() >= 1_000)
        .map("alert", p -> new Alert(p.card(), "large payment: " + p.amount()))
        .to("alerts", alerts, Dispatch.batched(100, Duration.ofMillis(50)))
        .start();

    Flux<Alert> alertFlux = JdkFlowAdapter.flowPublisherToFlux(alerts.publisher(run));
    List<Alert> raised = alertFlux.collectList().block();         // or subscribe, limitRate, ...
    // ---

    assertThat(raised).containsExactly(new Alert("4000-02", "large payment: 1250.0"),
        new Alert("4000-04", "large payment: 4800.0"));
    assertThat(run.awaitCompletion().outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
  }

  @Test
  void aFluxIntoALivePipeline() throws Exception {
    Flux<Payment> payments = PAYMENTS;
    List<Payment> saved = new CopyOnWriteArrayList<>();
    // ---
    RunningPipeline<Payment> run = Pipeline.live("payments", Payment.class)
        .to("save", saved::add, Dispatch.batched(500, Duration.ofMillis(200)))
        .start();
    JdkFlowAdapter.publisherToFlowPublisher(payments)
        .subscribe(Flows.subscriber(run));                        // onComplete completes the run
    PipelineReport report = run.awaitCompletion();
    // ---

    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(saved).containsExactlyElementsOf(PAYMENTS.collectList().block());
  }
}
