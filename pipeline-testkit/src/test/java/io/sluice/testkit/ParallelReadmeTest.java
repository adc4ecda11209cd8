package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Async;
import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.testkit.junit.SluiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's "Parallel and asynchronous stages" examples, run on both runners: the outputs,
 * their order where promised, and the accounting.
 */
@SluiceTest
class ParallelReadmeTest {
  /** An order of the examples. */
  record Order(int id, String customer, String currency, double amount, double rate) {
    Order withRate(double fx) {
      return new Order(id, customer, currency, amount, fx);
    }
  }

  /** A rate service answering through futures, as a non-blocking client does. */
  static final class Rates {
    CompletableFuture<Double> lookup(String currency) {
      return CompletableFuture.completedFuture(currency.equals("USD") ? 0.92 : 1.0);
    }
  }

  /** The blocking enricher: one instance per worker. */
  static final class FxEnricher implements Stage<Order, Order> {
    @Override
    public void process(Order order, Emitter<Order> out) {
      out.emit(order.withRate(order.currency().equals("USD") ? 0.92 : 1.0));
    }
  }

  /** Scores batches of orders; keeps no state across batches. */
  static final class Scorer implements Stage<Order, Order> {
    @Override
    public void process(Order order, Emitter<Order> out) {
      out.emit(order);
    }

    @Override
    public void processBatch(List<Order> batch, Emitter<Order> out) {
      batch.forEach(out::emit);
    }
  }

  private static List<Order> orders() {
    return IntStream.range(0, 200).mapToObj(i -> new Order(i, "c" + (i % 7),
        i % 3 == 0 ? "USD" : "EUR", i, Double.NaN)).toList();
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void orderedWorkersEnrichInInputOrder(PipelineTester.Mode mode, PipelineTester tester)
      throws Exception {
    Source<Order> orders = Source.fromIterable(orders());
    TestSink<Order> saveSink = TestSink.create();

    Pipeline<Order> job = Pipeline.named("orders")
        .from("read", orders)
        .stage("enrich", FxEnricher::new)        // a factory: an instance per worker
        .parallel(8)                             // 8 workers, outputs in input order
        .to("save", saveSink, Dispatch.batched(50));

    PipelineReport report = tester.run(mode, job);
    assertThat(saveSink.records()).extracting(Order::id)
        .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
    Accounting.assertAddsUp(job, report);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void keyedWorkersKeepEachCustomersOrder(PipelineTester.Mode mode, PipelineTester tester)
      throws Exception {
    Source<Order> orders = Source.fromIterable(orders());
    TestSink<Order> saveSink = TestSink.create();

    Pipeline<Order> job = Pipeline.named("orders")
        .from("read", orders)
        .stage("score", Scorer::new, Dispatch.batched(50))
        .parallel(Parallelism.keyed(4, (Order o) -> o.customer())) // a customer's orders in order
        .to("save", saveSink);

    PipelineReport report = tester.run(mode, job);
    for (int c = 0; c < 7; c++) {
      String customer = "c" + c;
      assertThat(saveSink.records()).filteredOn(o -> o.customer().equals(customer))
          .extracting(Order::id).isSorted();
    }
    assertThat(saveSink.records()).hasSize(200);
    Accounting.assertAddsUp(job, report);
  }

  @ParameterizedTest
  @EnumSource(PipelineTester.Mode.class)
  void asyncCallsEnrichWithoutAThreadEach(PipelineTester.Mode mode, PipelineTester tester)
      throws Exception {
    Source<Order> orders = Source.fromIterable(orders());
    TestSink<Order> saveSink = TestSink.create();
    Rates rates = new Rates();
    List<DeadLetter> failed = new CopyOnWriteArrayList<>();

    Pipeline<Order> job = Pipeline.named("orders")
        .from("read", orders)
        .mapAsync("rate", (Order o) -> rates.lookup(o.currency()).thenApply(o::withRate),
            Async.ordered(64).withTimeout(Duration.ofSeconds(2))) // 64 calls in flight
        .withErrorPolicy(ErrorPolicy.deadLetter(failed::add))  // a failed call, like any failure
        .to("save", saveSink);

    PipelineReport report = tester.run(mode, job);
    assertThat(saveSink.records()).extracting(Order::id)
        .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
    assertThat(saveSink.records()).allMatch(o -> !Double.isNaN(o.rate()));
    assertThat(failed).isEmpty();
    Accounting.assertAddsUp(job, report);
  }

  @Test
  void aTestCompletesCallTwoBeforeCallOne(PipelineTester tester) {
    TestSource<String> source = TestSource.create();
    TestSink<String> sink = TestSink.create();

    TestAsyncStage<String, String> lookup = TestAsyncStage.create();
    DeterministicRun<String> run = tester.runDeterministic(Pipeline.from("in", source)
        .stageAsync("lookup", () -> lookup, Async.ordered(4))
        .to("out", sink));
    source.push("a", "b");
    lookup.call(1).complete("B");          // call 2 completes first...
    assertThat(sink.records()).isEmpty();  // ...and waits for call 1: the stage is ordered
    lookup.call(0).complete("A");
    assertThat(sink.records()).containsExactly("A", "B");

    source.complete();
    assertThat(run.awaitCompletion().stage("lookup").passedOn()).isEqualTo(2);
    assertThat(new ArrayList<>(lookup.inFlight())).isEmpty();
  }
}
