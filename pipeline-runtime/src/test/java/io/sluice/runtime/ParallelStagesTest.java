package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Dispatch;
import io.sluice.api.Emitter;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Parallelism;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Parallel stages on the local runner: order, keys, workers, policies and accounting. */
class ParallelStagesTest {
  private static final List<Integer> INPUT = IntStream.range(0, 5_000).boxed().toList();

  /** Squares a number after a jittered pause, so workers finish out of order; notes its thread. */
  static final class Jittery implements Stage<Integer, Integer> {
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      THREADS.add(Thread.currentThread().getName());
      if (record % 97 == 0) {
        LockSupport.parkNanos(200_000L);
      }
      out.emit(record * 2);
    }
  }

  @Test
  void orderedWorkersKeepInputOrderPerRecordAndBatched() throws Exception {
    for (Dispatch dispatch : List.of(Dispatch.perRecord(), Dispatch.batched(7),
        Dispatch.smart(16))) {
      List<Integer> out = new CopyOnWriteArrayList<>();
      PipelineReport report = Pipeline.from("read", Source.fromIterable(INPUT))
          .stage("double", Jittery::new, dispatch).parallel(4)
          .to("save", out::add)
          .run();
      assertThat(out).as("%s", dispatch).isEqualTo(INPUT.stream().map(i -> i * 2).toList());
      assertThat(report.accountingBreaches()).isEmpty();
      StageReport node = report.stage("double");
      assertThat(node.received()).isEqualTo(INPUT.size());
      assertThat(node.passedOn()).isEqualTo(INPUT.size());
      assertThat(node.emitted()).isEqualTo(INPUT.size());
    }
  }

  @Test
  void unorderedKeepsTheMultisetAndKeyedKeepsPerKeyOrder() throws Exception {
    List<Integer> unordered = new CopyOnWriteArrayList<>();
    Pipeline.from("read", Source.fromIterable(INPUT))
        .stage("double", Jittery::new).parallel(Parallelism.unordered(3))
        .to("save", unordered::add)
        .run();
    assertThat(unordered).containsExactlyInAnyOrderElementsOf(
        INPUT.stream().map(i -> i * 2).toList());

    List<Integer> keyed = new CopyOnWriteArrayList<>();
    PipelineReport report = Pipeline.from("read", Source.fromIterable(INPUT))
        .stage("double", Jittery::new)
        .parallel(Parallelism.<Integer>keyed(4, i -> i % 10))
        .to("save", keyed::add)
        .run();
    Map<Integer, List<Integer>> byKey = keyed.stream()
        .collect(Collectors.groupingBy(i -> (i / 2) % 10));
    byKey.values().forEach(values -> assertThat(values).isSorted());
    assertThat(keyed).hasSize(INPUT.size());
    assertThat(report.accountingBreaches()).isEmpty();
  }

  @Test
  void eachWorkerHasItsOwnInstanceAndThread() throws Exception {
    Jittery.THREADS.clear();
    List<Object> made = Collections.synchronizedList(new ArrayList<>());
    Pipeline<Integer> job = Pipeline.named("workers").from("read", Source.fromIterable(INPUT))
        .stage("double", () -> {
          Jittery stage = new Jittery();
          made.add(stage);
          return stage;
        }).parallel(Parallelism.unordered(3))
        .to("save", i -> { });
    job.run();
    assertThat(made).hasSize(3).doesNotHaveDuplicates();
    assertThat(Jittery.THREADS).allMatch(name -> name.startsWith("sluice-workers-double#"));
    assertThat(job.describe()).contains("parallel(3, UNORDERED) +3 worker threads")
        .contains("(3 stages, 6 threads)"); // source, node, sink and the 3 workers
  }

  @Test
  void aSharedInstanceIsRejectedUnlessThreadSafe() throws Exception {
    assertThatThrownBy(() -> Pipeline.from("read", Source.of(1))
        .stage("double", new Jittery()).parallel(2).to("save", i -> { }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'double'").hasMessageContaining("shared instance")
        .hasMessageContaining(".stage(\"double\", MyStage::new)");
    RecordingSink<Integer> shared = new RecordingSink<>();
    assertThatThrownBy(() -> Pipeline.from("read", Source.of(1)).to("save", shared,
        io.sluice.api.StageOptions.defaults().withParallelism(io.sluice.api.Parallelism.unordered(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'save'").hasMessageContaining("shared instance")
        .hasMessageContaining(".to(\"save\", MySink::new, options)");
    assertThatThrownBy(() -> Pipeline.from("read", Source.of(1))
        .stage("double", Jittery::new).parallel(0))
        .hasMessageContaining("stage 'double'").hasMessageContaining("but was 0");
    Pipeline.from("read", Source.of(1)).map("double", i -> i * 2).parallel(2)
        .to("save", i -> { }); // a map holds a stateless function: thread-safe
  }

  @Test
  void policiesActPerWorkerAndTheAccountsAddUp() throws Exception {
    List<Integer> out = new CopyOnWriteArrayList<>();
    List<Object> dead = new CopyOnWriteArrayList<>();
    PipelineReport report = Pipeline.from("read", Source.fromIterable(INPUT))
        .map("check", (Integer i) -> {
          if (i % 101 == 0) {
            throw new IllegalArgumentException("poison " + i);
          }
          return i;
        }).withDispatch(Dispatch.batched(10, Duration.ofMillis(5)))
        .parallel(4).withErrorPolicy(ErrorPolicy.deadLetter(dead::add))
        .to("save", out::add)
        .run();
    List<Integer> expected = INPUT.stream().filter(i -> i % 101 != 0).toList();
    assertThat(out).isEqualTo(expected);
    assertThat(dead).hasSize(INPUT.size() - expected.size());
    StageReport check = report.stage("check");
    assertThat(check.deadLettered()).isEqualTo(dead.size());
    assertThat(check.passedOn()).isEqualTo(expected.size());
    assertThat(report.accountingBreaches()).isEmpty();
  }
}
