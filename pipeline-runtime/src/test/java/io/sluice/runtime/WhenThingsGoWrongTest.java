package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The examples of the README's "When things go wrong", kept compiling and checked. The code
 * between the {@code // ---} markers is what the README shows.
 */
class WhenThingsGoWrongTest {
  /** An order as parsed from a line like {@code o1,12.50}. */
  record Order(String id, double amount) {
    static Order parse(String line) {
      String[] parts = line.split(",");
      return new Order(parts[0], Double.parseDouble(parts[1])); // "oops" throws
    }
  }

  /** A table written in transactions: a batch is stored whole or, if it throws, not at all. */
  static final class OrderTable implements Sink<Order> {
    final List<Order> rows = new CopyOnWriteArrayList<>();

    @Override
    public void write(Order order) {
      writeBatch(List.of(order));
    }

    @Override
    public void writeBatch(List<Order> orders) {
      for (Order order : orders) {
        if (order.amount() < 0) {
          throw new IllegalArgumentException("CHECK (amount >= 0) violated by " + order.id());
        }
      }
      rows.addAll(orders); // commit
    }
  }

  /** A payment service that is down for its first two calls. */
  static final class Payments implements Sink<Order> {
    final AtomicInteger calls = new AtomicInteger();
    final List<Order> charged = new CopyOnWriteArrayList<>();

    @Override
    public void write(Order order) {
      if (calls.incrementAndGet() <= 2) {
        throw new IllegalStateException("503 Service Unavailable");
      }
      charged.add(order);
    }
  }

  private static final Source<String> LINES =
      Source.of("o1,12.50", "o2,oops", "o3,40.00", "o4,-5.00", "o5,7.25");

  @Test
  void failFastIsTheDefault() throws Exception {
    List<Order> saved = new CopyOnWriteArrayList<>();
    // --- fail fast ---
    RunningPipeline<String> run = Pipeline.from("read", LINES)
        .map("parse", Order::parse)
        .to("save", saved::add)
        .start();
    PipelineReport report = null;
    try {
      run.awaitCompletion();
    } catch (StageFailedException e) {
      // stage 'parse' failed on record o2,oops: NumberFormatException...
      report = run.report().orElseThrow(); // the counts of a failed run: what failed, stranded
    }
    // --- end ---
    assertThat(report).isNotNull();
    StageFailedException failure = catchThrowableOfType(StageFailedException.class,
        run::awaitCompletion);
    assertThat(failure).hasMessageStartingWith(
        "stage 'parse' failed on record o2,oops: java.lang.NumberFormatException");
    assertThat(run.report().orElseThrow().stage("parse").failed()).isEqualTo(1);
  }

  @Test
  void skipDropsBadRecordsUpToALimit() throws Exception {
    List<Order> saved = new CopyOnWriteArrayList<>();
    // --- skip ---
    PipelineReport report = Pipeline.from("read", LINES)
        .map("parse", Order::parse).withErrorPolicy(ErrorPolicy.skip(100)) // then fail the run
        .to("save", saved::add)
        .run();
    // parse MAP: received 5, emitted 4, skipped 1
    // --- end ---
    assertThat(report.stage("parse")).hasToString("parse MAP: received 5, emitted 4, skipped 1");
    assertThat(saved).extracting(Order::id).containsExactly("o1", "o3", "o4", "o5");
  }

  @Test
  void deadLettersParkBadRecordsWithTheirStory() throws Exception {
    List<Order> saved = new CopyOnWriteArrayList<>();
    // --- dead letter ---
    List<DeadLetter> parked = new CopyOnWriteArrayList<>(); // any Sink<DeadLetter>: a table, a topic
    Pipeline.from("read", LINES)
        .map("parse", Order::parse).withErrorPolicy(ErrorPolicy.deadLetter(parked::add))
        .to("save", saved::add)
        .run();
    // DeadLetter[read/parse: o2,oops after 1 attempt: java.lang.NumberFormatException: ...]
    // --- end ---
    assertThat(parked).singleElement().satisfies(letter -> {
      assertThat(letter.record()).isEqualTo("o2,oops");
      assertThat(letter.stageName()).isEqualTo("parse");
      assertThat(letter.exception()).isInstanceOf(NumberFormatException.class);
    });
    assertThat(saved).hasSize(4);
  }

  @Test
  void retryThenDeadLetter() throws Exception {
    List<DeadLetter> parked = new CopyOnWriteArrayList<>();
    Payments payments = new Payments();
    // --- retry ---
    PipelineReport report = Pipeline.from("read", Source.of("o1,12.50", "o3,40.00"))
        .map("parse", Order::parse)
        .to("charge", payments, Dispatch.perRecord(),
            ErrorPolicy.retry(4, Duration.ofMillis(10), Duration.ofSeconds(1)) // 10, 20, 40 ms
                .thenDeadLetter(parked::add))
        .run();
    // charge SINK: received 2, emitted 0, retried 2
    // --- end ---
    assertThat(report.stage("charge")).hasToString("charge SINK: received 2, emitted 0, retried 2");
    assertThat(payments.charged).extracting(Order::id).containsExactly("o1", "o3");
    assertThat(parked).isEmpty();
  }

  @Test
  void aFailedBatchIsSplitUntilOnlyThePoisonRecordIsLeft() throws Exception {
    List<DeadLetter> parked = new CopyOnWriteArrayList<>();
    OrderTable table = new OrderTable();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      lines.add("o" + i + "," + (i == 421 ? "-1" : "10"));
    }
    // --- batches ---
    PipelineReport report = Pipeline.from("read", Source.fromIterable(lines))
        .map("parse", Order::parse)
        .to("save", table, Dispatch.batched(500), ErrorPolicy.deadLetter(parked::add))
        .run();
    // save SINK: received 1000, emitted 0, dead-lettered 1, batches {SIZE=2}
    // parked: o421 after 10 attempts in a SIZE batch of 500; the other 999 rows are stored
    // --- end ---
    assertThat(report.stage("save"))
        .hasToString("save SINK: received 1000, emitted 0, dead-lettered 1, batches {SIZE=2}");
    assertThat(parked).singleElement().satisfies(letter -> {
      assertThat(((Order) letter.record()).id()).isEqualTo("o421");
      assertThat(letter.attempts()).isEqualTo(10);
      assertThat(letter.batchSize()).isEqualTo(500);
    });
    assertThat(table.rows).hasSize(999);
  }

  @Test
  void closeWithADeadline() {
    QueueSource<String> feed = new QueueSource<>();
    List<Order> saved = new CopyOnWriteArrayList<>();
    RunningPipeline<String> run = Pipeline.from("read", feed)
        .map("parse", Order::parse).to("save", saved::add).start();
    // --- close ---
    PipelineReport report = run.close(Duration.ofSeconds(30)); // drain; cancel if not done by then
    long stranded = report.stages().stream().mapToLong(s -> s.stranded()).sum(); // 0 if drained
    // --- end ---
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.DRAINED);
    assertThat(stranded).isZero();
  }
}
