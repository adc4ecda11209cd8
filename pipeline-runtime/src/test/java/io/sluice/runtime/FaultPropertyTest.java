package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeadLetter;
import io.sluice.api.Dispatch;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.Fusion;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineBuilder;
import io.sluice.api.PipelineReport;
import io.sluice.api.RunningPipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.api.StageOptions;
import io.sluice.api.StageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Random pipelines (a source and 1-5 stages, the last a sink, each with a random dispatch and
 * fusion setting, so stages share threads in every combination) with a random fault and error
 * policy per stage: the outcome is what the policies say ({@link
 * FaultModel}), every record is accounted for, no record reaches the sink twice, and no thread is
 * left behind.
 */
class FaultPropertyTest {
  static final int TRIES = 200;

  @Property(tries = TRIES)
  void theOutcomeFollowsThePoliciesAndEveryRecordIsAccountedFor(
      @ForAll @IntRange(max = 300) int records,
      @ForAll @Size(max = 4) List<FaultPlan.@From("stages") Stage> middle,
      @ForAll("stages") FaultPlan.Stage sinkPlan) throws Exception {
    List<Integer> input = IntStream.range(0, records).boxed().toList();
    List<FaultPlan.Stage> plans = new ArrayList<>(middle);
    plans.add(sinkPlan.asSink());
    List<String> names = new ArrayList<>();
    RecordingSink<DeadLetter> deadLetters = new RecordingSink<>();
    List<Integer> written = FaultyStages.newWritten();

    PipelineBuilder<Integer, Integer> chain =
        Pipeline.named("faults").from("read", Source.fromIterable(input));
    for (int i = 0; i < middle.size(); i++) {
      FaultPlan.Stage plan = middle.get(i);
      names.add("s" + i);
      chain = chain.stage("s" + i, FaultyStages.stage(plan), plan.dispatch())
          .withErrorPolicy(plan.policy().build(deadLetters));
      chain = switch (plan.fusion()) {
        case AUTO -> chain;
        case FUSED -> chain.fused();
        case OWN_THREAD -> chain.ownThread();
      };
    }
    names.add("sink");
    Pipeline<Integer> pipeline = chain.to("sink", FaultyStages.sink(sinkPlan, written),
        StageOptions.defaults().withDispatch(sinkPlan.dispatch())
            .withErrorPolicy(sinkPlan.policy().build(deadLetters))
            .withFusion(sinkPlan.fusion()));
    FaultModel model = new FaultModel(input, names, plans);

    RunningPipeline<Integer> run = pipeline.start();
    StageFailedException failure = null;
    try {
      run.awaitCompletion();
    } catch (StageFailedException e) {
      failure = e;
    }
    PipelineReport report = run.report().orElseThrow();
    Statistics.label("outcome").collect(report.outcome());
    Statistics.label("records dead-lettered or skipped")
        .collect(report.stages().stream().anyMatch(s -> s.deadLettered() + s.skipped() > 0));
    Statistics.label("retried").collect(report.stages().stream().anyMatch(s -> s.retried() > 0));
    Statistics.label("threads").collect(
        1 + plans.stream().filter(plan -> plan.fusion() != Fusion.FUSED).count());
    Statistics.label("stranded by a failure")
        .collect(report.stages().stream().anyMatch(s -> s.stranded() > 0));
    // keep the mix honest: both outcomes, and the policies at work, in a fair share of tries
    Statistics.label("outcome").coverage(coverage -> {
      coverage.check(PipelineReport.Outcome.COMPLETED).percentage(p -> p > 40);
      coverage.check(PipelineReport.Outcome.FAILED).percentage(p -> p > 8);
    });
    Statistics.label("records dead-lettered or skipped")
        .coverage(coverage -> coverage.check(true).percentage(p -> p > 5));
    Statistics.label("retried").coverage(coverage -> coverage.check(true).percentage(p -> p > 3));

    assertThat(SluiceThreads.alive()).isEmpty();
    assertAccounted(report);
    assertThat(new HashSet<>(written)).as("no record reaches the sink twice")
        .hasSameSizeAs(written);
    if (model.failing.isEmpty()) {
      assertThat(failure).as("unexpected failure").isNull();
      assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    } else {
      assertThat(failure).as("the run must fail in one of %s", model.failing).isNotNull();
      assertThat(failure.stageName()).isIn(model.failing);
      assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.FAILED);
      assertThat(isSubsequence(written, model.sinkAtMost)).as("sink %s within %s", written,
          model.sinkAtMost).isTrue();
    }
    if (model.failing.isEmpty() || model.onlyCloseFails) {
      assertThat(written).isEqualTo(model.sinkRecords);
      Map<String, List<Object>> lettersByStage = deadLetters.records().stream().collect(
          Collectors.groupingBy(DeadLetter::stageName,
              Collectors.mapping(DeadLetter::record, Collectors.toList())));
      assertThat(lettersByStage).isEqualTo(Map.copyOf(model.deadLettered.entrySet().stream()
          .filter(e -> !e.getValue().isEmpty())
          .collect(Collectors.toMap(Map.Entry::getKey, e -> List.<Object>copyOf(e.getValue())))));
      for (String name : names) {
        assertThat(report.stage(name).skipped()).as("skipped by %s", name)
            .isEqualTo(model.skipped.getOrDefault(name, 0).longValue());
      }
    }
  }

  private static void assertAccounted(PipelineReport report) {
    assertThat(report.accountingBreaches()).isEmpty();
    List<StageReport> stages = report.stages();
    for (int i = 0; i < stages.size(); i++) {
      StageReport stage = stages.get(i);
      assertThat(stage.passedOn() + stage.filtered() + stage.skipped() + stage.deadLettered()
          + stage.failed() + stage.stranded()).as("fates at %s", stage).isEqualTo(stage.received());
      if (i > 0) {
        assertThat(stage.received()).as("edge into %s", stage.name())
            .isEqualTo(stages.get(i - 1).emitted());
      }
    }
  }

  private static boolean isSubsequence(List<Integer> part, List<Integer> whole) {
    Iterator<Integer> it = whole.iterator();
    return part.stream().allMatch(x -> {
      while (it.hasNext()) {
        if (it.next().equals(x)) {
          return true;
        }
      }
      return false;
    });
  }

  @Provide
  Arbitrary<FaultPlan.Stage> stages() {
    Arbitrary<Integer> moduli = Arbitraries.of(0, 0, 2, 3, 5, 7);
    return Combinators.combine(Arbitraries.of(true, false), dispatches(),
            moduli.flatMap(m -> Arbitraries.integers().between(0, Math.max(0, m - 1))
                .map(r -> Tuple.of(m, r))), faults(), policies(), Arbitraries.of(Fusion.values()))
        .as((batchCalls, dispatch, drop, fault, policy, fusion) -> new FaultPlan.Stage(
            batchCalls, dispatch, drop.get1(), drop.get2(), fault, policy, fusion).normalised());
  }

  private Arbitrary<Dispatch> dispatches() {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 40);
    return Arbitraries.oneOf(
        Arbitraries.just(Dispatch.perRecord()),
        sizes.map(Dispatch::batched),
        sizes.flatMap(size -> Arbitraries.integers().between(1, 3)
            .map(ms -> Dispatch.batched(size, Duration.ofMillis(ms)))));
  }

  private Arbitrary<FaultPlan.Fault> faults() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(new FaultPlan.Fault(FaultPlan.Fault.Kind.NONE, null, 0))),
        Tuple.of(3, Arbitraries.integers().between(0, 299).set().ofMinSize(1).ofMaxSize(4)
            .map(poison -> new FaultPlan.Fault(FaultPlan.Fault.Kind.POISON, poison, 0))),
        Tuple.of(3, Arbitraries.integers().between(1, 60)
            .map(k -> new FaultPlan.Fault(FaultPlan.Fault.Kind.TRANSIENT, null, k))),
        Tuple.of(1, Arbitraries.of(FaultPlan.Fault.Kind.OPEN, FaultPlan.Fault.Kind.CLOSE,
            FaultPlan.Fault.Kind.SLOW).map(kind -> new FaultPlan.Fault(kind, null, 0))));
  }

  private Arbitrary<FaultPlan.Policy> policies() {
    return Combinators.combine(Arbitraries.of(1, 1, 2, 3),
            Arbitraries.of(ErrorPolicy.Action.values()),
            Arbitraries.oneOf(Arbitraries.just(FaultPlan.Policy.UNLIMITED),
                Arbitraries.longs().between(0, 3)))
        .as(FaultPlan.Policy::new);
  }
}
