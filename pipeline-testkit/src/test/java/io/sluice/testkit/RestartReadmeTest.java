package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.CheckpointReport;
import io.sluice.api.CheckpointStore;
import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.ResumableSource;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.StageContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Restarting a failed run" examples, kept compiling and checked. */
class RestartReadmeTest {
  /** An order of the examples. */
  record Order(String id, int cents) {
    static Order parse(String line) {
      String[] f = line.split(",");
      return new Order(f[0], Integer.parseInt(f[1]));
    }
  }

  private final Map<String, Order> table = new ConcurrentHashMap<>();
  /** Writes by key, as an upsert would: writing an order again changes nothing. */
  private final Sink<Order> orders = order -> table.put(order.id(), order);

  @TempDir Path dir;

  /** The README's source example. */
  static final class Numbers implements ResumableSource<Long> {
    private long next;

    @Override
    public void openAt(StageContext context, String position) {
      next = Long.parseLong(position);      // the position this source wrote before
    }

    @Override
    public boolean poll(Emitter<Long> out) {
      out.emit(next++);
      return next < 1_000;
    }

    @Override
    public String position() {
      return Long.toString(next);           // just after the last record emitted
    }
  }

  @Test
  void aJobWithCheckpointsRunsAndAResumedOneReadsOnlyWhatIsLeft() throws Exception {
    List<String> lines = IntStream.range(0, 5_000).mapToObj(i -> "o" + i + "," + i).toList();
    CheckpointStore store = CheckpointStore.inFile(dir.resolve("import.checkpoint"));
    Pipeline<String> job = Pipeline.named("import")
        .from("read", Source.fromIterable(lines))
        .map("parse", Order::parse)
        .to("save", orders, Dispatch.batched(500))
        .withCheckpoints(store, Duration.ofSeconds(1));
    PipelineReport report = job.run();      // killed or failed? run it again: it resumes

    assertThat(table).hasSize(5_000);
    assertThat(report.checkpoints().orElseThrow().stored()).isEmpty(); // completed: cleared
    assertThat(report.checkpoints().orElseThrow().resumedFrom()).isEmpty();

    table.clear();
    Pipeline<Long> numbers = Pipeline.from("numbers", new Numbers())
        .to("out", n -> table.put(Long.toString(n), new Order("n", 0)))
        .withCheckpoints(CheckpointStore.inMemory(), Duration.ofSeconds(1));
    assertThat(numbers.run().outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(table).hasSize(1_000);
  }

  @Test
  void underTheDeterministicRunnerACheckpointIsTakenWhereTheTestSays() {
    PipelineTester tester = PipelineTester.create();
    CheckpointStore store = CheckpointStore.inMemory();
    TestSource<Integer> source = TestSource.create();
    Pipeline<Integer> firstRun = Pipeline.named("numbers").from("in", source)
        .to("save", n -> table.put("n" + n, new Order("n" + n, n)))
        .withCheckpoints(store, Duration.ofMinutes(1));

    DeterministicRun<Integer> run = tester.runDeterministic(firstRun);
    source.push(1, 2, 3);
    run.checkpoint();                       // saved before this returns
    source.push(4);
    run.cancel();                           // the "kill": 4 is read again by the next run

    TestSource<Integer> again = TestSource.create();
    again.push(1, 2, 3, 4, 5);              // the whole stream: the resumed source skips 1-3
    again.complete();
    PipelineReport report = tester.runDeterministic(Pipeline.named("numbers")
        .from("in", again).to("save", n -> table.put("n" + n, new Order("n" + n, n)))
        .withCheckpoints(store, Duration.ofMinutes(1))).awaitCompletion();
    CheckpointReport checkpoints = report.checkpoints().orElseThrow();
    checkpoints.resumedFrom();              // checkpoint 1 (3 records: in at 3)
    checkpoints.replayed();                 // 1: record 4, read by both runs

    assertThat(checkpoints.resumedFrom().orElseThrow().positions()).containsEntry("in", "3");
    assertThat(checkpoints.replayed()).hasValue(1);
    assertThat(report.stage("in").emitted()).isEqualTo(2); // 4 and 5
    assertThat(table).containsOnlyKeys("n1", "n2", "n3", "n4", "n5");
  }
}
