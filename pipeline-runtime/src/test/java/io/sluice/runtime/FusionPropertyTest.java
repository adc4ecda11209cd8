package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Dispatch;
import io.sluice.api.FlushReason;
import io.sluice.api.Fusion;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.Sink;
import io.sluice.api.Source;
import io.sluice.api.Stage;
import io.sluice.api.StageOptions;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Random chains of map, filter, flatMap and user stages, each with a random dispatch and fusion
 * setting, then a sink: run as generated and with every stage on its own thread, they deliver the
 * same records in the same order with the same counts in every stage's report, and every stage
 * runs on the one thread the fusion rule gives it.
 */
class FusionPropertyTest {

  enum Kind { MAP, FILTER, FLAT_MAP, STAGE }

  /** One stage of the generated chain. */
  record Link(Kind kind, Dispatch dispatch, Fusion fusion) {
    /** The fusion rule, stated independently of the code under test. */
    boolean fused(boolean sink) {
      return fusion == Fusion.FUSED || fusion == Fusion.AUTO && !sink && kind != Kind.STAGE
          && !dispatch.isBatched();
    }

    long apply(long x) {
      return x * 3 + 1;
    }

    @Override
    public String toString() {
      return kind + " " + dispatch + " " + fusion;
    }
  }

  @Property(tries = 80)
  void fusionChangesNeitherOutputNorReportsAndFollowsTheRule(
      @ForAll @Size(max = 3_000) List<@IntRange(min = -1_000, max = 1_000) Integer> input,
      @ForAll @Size(min = 1, max = 5) List<@From("links") Link> links,
      @ForAll("links") Link sinkLink) throws Exception {
    Map<String, Set<String>> fusedThreads = new ConcurrentHashMap<>();
    RecordingSink<Long> fusedSink = new RecordingSink<>();
    PipelineReport fused = build("fused", input, links, sinkLink, false, fusedThreads, fusedSink)
        .run();
    Map<String, Set<String>> ownThreads = new ConcurrentHashMap<>();
    RecordingSink<Long> ownSink = new RecordingSink<>();
    PipelineReport own = build("own", input, links, sinkLink, true, ownThreads, ownSink).run();

    assertThat(fusedSink.records()).isEqualTo(expected(input, links)).isEqualTo(ownSink.records());
    assertThat(fused.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(fused.accountingBreaches()).isEmpty();
    List<Link> all = new ArrayList<>(links);
    all.add(sinkLink);
    for (int i = 0; i < fused.stages().size(); i++) { // read, widen, then the generated stages
      StageReport a = fused.stages().get(i);
      StageReport b = own.stages().get(i);
      assertThat(counts(a)).as("counts of %s", a.name()).isEqualTo(counts(b));
      if (i > 1 && all.get(i - 2).dispatch().maxWait().isEmpty()) {
        // without a maxWait, batch edges depend on the records alone, not on timing
        assertThat(a.batchesByReason()).as("batches of %s", a.name())
            .isEqualTo(b.batchesByReason());
      }
    }
    List<String> expectedThreads = threadOfEachStage("fused", links, sinkLink);
    for (int i = 0; i < all.size(); i++) {
      String name = stageName(i, links.size());
      assertThat(fusedThreads.getOrDefault(name, Set.of())).as("threads of %s", name)
          .isSubsetOf(expectedThreads.get(i));
      assertThat(ownThreads.getOrDefault(name, Set.of())).as("threads of %s alone", name)
          .isSubsetOf("sluice-own-" + name);
    }
    assertThat(SluiceThreads.alive()).isEmpty();
    Statistics.label("threads").collect(expectedThreads.stream().distinct().count());
    Statistics.label("first stage fused onto the source thread")
        .collect(links.get(0).fused(false));
  }

  private static Pipeline<Integer> build(String pipelineName, List<Integer> input,
      List<Link> links, Link sinkLink, boolean ownThreads, Map<String, Set<String>> threads,
      RecordingSink<Long> sink) {
    PipelineBuilder<Integer, Long> widened = Pipeline.named(pipelineName)
        .from("read", Source.fromIterable(input)).map("widen", Integer::longValue);
    PipelineBuilder<Integer, Long> chain = ownThreads ? widened.ownThread() : widened;
    for (int i = 0; i < links.size(); i++) {
      Link link = links.get(i);
      String name = stageName(i, links.size());
      chain = switch (link.kind()) {
        case MAP -> chain.map(name, x -> {
          seen(threads, name);
          return link.apply(x);
        });
        case FILTER -> chain.filter(name, x -> {
          seen(threads, name);
          return x % 3 != 0;
        });
        case FLAT_MAP -> chain.flatMap(name, x -> {
          seen(threads, name);
          return x % 2 == 0 ? List.of(x, x + 1) : List.of();
        });
        case STAGE -> chain.stage(name, (Stage<Long, Long>) (x, out) -> {
          seen(threads, name);
          out.emit(link.apply(x));
        });
      };
      chain = chain.withDispatch(link.dispatch());
      Fusion fusion = ownThreads ? Fusion.OWN_THREAD : link.fusion();
      chain = fusion == Fusion.FUSED ? chain.fused()
          : fusion == Fusion.OWN_THREAD ? chain.ownThread() : chain;
    }
    String sinkName = stageName(links.size(), links.size());
    Sink<Long> watched = new Sink<>() {
      @Override
      public void open(io.sluice.api.StageContext context) {
        sink.open(context);
      }

      @Override
      public void write(Long record) {
        seen(threads, sinkName);
        sink.write(record);
      }

      @Override
      public void writeBatch(List<Long> batch) {
        seen(threads, sinkName);
        sink.writeBatch(batch);
      }
    };
    return chain.to(sinkName, watched, StageOptions.defaults().withDispatch(sinkLink.dispatch())
        .withFusion(ownThreads ? Fusion.OWN_THREAD : sinkLink.fusion()));
  }

  private static void seen(Map<String, Set<String>> threads, String stage) {
    threads.computeIfAbsent(stage, s -> ConcurrentHashMap.newKeySet())
        .add(Thread.currentThread().getName());
  }

  private static String stageName(int i, int links) {
    return i == links ? "sink" : "s" + i;
  }

  /** The thread of every generated stage (and the sink) by the rule. */
  private static List<String> threadOfEachStage(String pipeline, List<Link> links, Link sink) {
    List<List<String>> groups = new ArrayList<>();
    groups.add(new ArrayList<>(List.of("read", "widen"))); // widen is fused onto the source
    List<Integer> groupOf = new ArrayList<>();
    for (int i = 0; i <= links.size(); i++) {
      boolean isSink = i == links.size();
      Link link = isSink ? sink : links.get(i);
      if (!link.fused(isSink)) {
        groups.add(new ArrayList<>());
      }
      groups.get(groups.size() - 1).add(stageName(i, links.size()));
      groupOf.add(groups.size() - 1);
    }
    return groupOf.stream()
        .map(g -> "sluice-" + pipeline + "-" + String.join("+", groups.get(g))).toList();
  }

  private static List<Long> expected(List<Integer> input, List<Link> links) {
    List<Long> flow = input.stream().map(Integer::longValue).toList();
    for (Link link : links) {
      List<Long> next = new ArrayList<>();
      for (long x : flow) {
        switch (link.kind()) {
          case MAP, STAGE -> next.add(link.apply(x));
          case FILTER -> {
            if (x % 3 != 0) {
              next.add(x);
            }
          }
          case FLAT_MAP -> {
            if (x % 2 == 0) {
              next.add(x);
              next.add(x + 1);
            }
          }
        }
      }
      flow = next;
    }
    return flow;
  }

  private static List<Long> counts(StageReport s) {
    return List.of(s.received(), s.emitted(), s.passedOn(), s.filtered(), s.skipped(),
        s.deadLettered(), s.retried(), s.failed(), s.stranded());
  }

  @Provide
  Arbitrary<Link> links() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 200);
    Arbitrary<Dispatch> dispatches = Arbitraries.oneOf(
        Arbitraries.just(Dispatch.perRecord()), Arbitraries.just(Dispatch.perRecord()),
        sizes.map(Dispatch::batched),
        sizes.flatMap(size -> Arbitraries.integers().between(1, 3)
            .map(ms -> Dispatch.batched(size, Duration.ofMillis(ms)))));
    return Combinators.combine(Arbitraries.of(Kind.values()), dispatches,
        Arbitraries.of(Fusion.values())).as(Link::new);
  }
}
