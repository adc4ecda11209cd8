package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.FlushReason;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same batching scenario under virtual time gives identical results, run after run. */
class RepeatabilityTest {
  private static final int RUNS = 1_000;

  /** What one batch looked like: where, when (virtual nanos), why, and what. */
  record Seen(String stage, long at, FlushReason reason, List<Integer> records) {}

  @Test
  void aBatchingScenarioGivesIdenticalResultsAThousandTimesInARow() {
    List<Arrival<Integer>> script = script(new Random(20_240_601L), 300);
    List<Seen> first = runOnce(script);

    assertThat(first).extracting(Seen::reason)
        .contains(FlushReason.SIZE, FlushReason.TIME, FlushReason.END_OF_STREAM);
    assertThat(first.stream().filter(s -> s.stage().equals("save"))
        .flatMap(s -> s.records().stream()).toList())
        .isEqualTo(Arrival.records(script).stream().map(x -> x * 10).toList());
    for (int i = 1; i < RUNS; i++) {
      List<Seen> again = runOnce(script);
      if (!again.equals(first)) {
        assertThat(again).as("run %d of the same scenario", i + 1).isEqualTo(first);
      }
    }
  }

  private static List<Seen> runOnce(List<Arrival<Integer>> script) {
    List<Seen> seen = new ArrayList<>();
    TestSource<Integer> source = TestSource.create();
    Pipeline<Integer> pipeline = Pipeline.named("repeat").from("in", source)
        .map("times10", x -> x * 10)
        .stage("group", () -> new Observed("group", seen), Dispatch.batched(4, ms(30)))
        .to("save", () -> new ObservedSink("save", seen), Dispatch.batched(5, ms(50)));
    PipelineTester tester = PipelineTester.create();
    DeterministicRun<Integer> run = tester.runDeterministic(pipeline);
    Arrival.replay(script, source, tester.clock());
    source.complete();
    PipelineReport report = run.awaitCompletion();
    seen.add(new Seen("report " + report.stages(), report.elapsed().toNanos(), FlushReason.DRAIN,
        List.of()));
    return seen;
  }

  private static List<Arrival<Integer>> script(Random random, int size) {
    List<Arrival<Integer>> arrivals = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Duration delay = random.nextInt(3) == 0 ? ms(random.nextInt(70)) : Duration.ZERO;
      arrivals.add(new Arrival<>(delay, i));
    }
    return arrivals;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** A pass-through stage recording each batch it sees. */
  private static final class Observed implements Stage<Integer, Integer> {
    private final String name;
    private final List<Seen> seen;
    private StageContext context;

    Observed(String name, List<Seen> seen) {
      this.name = name;
      this.seen = seen;
    }

    @Override
    public void open(StageContext ctx) {
      context = ctx;
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      out.emit(record);
    }

    @Override
    public void processBatch(List<Integer> batch, Emitter<Integer> out) {
      seen.add(new Seen(name, context.clock().nanoTime(), context.flushReason(),
          List.copyOf(batch)));
      batch.forEach(out::emit);
    }
  }

  /** A sink recording each batch it sees. */
  private static final class ObservedSink implements Sink<Integer> {
    private final Observed observed;

    ObservedSink(String name, List<Seen> seen) {
      this.observed = new Observed(name, seen);
    }

    @Override
    public void open(StageContext ctx) {
      observed.open(ctx);
    }

    @Override
    public void write(Integer record) {
      throw new AssertionError("the sink is batched");
    }

    @Override
    public void writeBatch(List<Integer> batch) {
      observed.processBatch(batch, x -> { });
    }
  }
}
