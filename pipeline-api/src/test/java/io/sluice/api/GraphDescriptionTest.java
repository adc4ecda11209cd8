package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** describe() and describeMermaid() of graphs: inputs of each node, side outputs, threads. */
class GraphDescriptionTest {
  private static final SideOutput<String> ALERTS = SideOutput.of("alerts", String.class);
  private final Sink<Object> sink = record -> { };
  private final Stage<Integer, Integer> check = (record, out) -> out.emit(record);

  private Pipeline<Integer> orders() {
    return Pipeline.named("orders").from("shop", Source.of(1, 2, 3))
        .mergeWith(Pipeline.from("web", Source.of(4, 5)).map("parse", x -> x))
        .map("clean", x -> x)
        .alsoTo("audit", sink)
        .stage("check", check)
        .sideOutputTo(ALERTS, "page", sink)
        .divert("triage", x -> x > 2, b -> b.filter("big", x -> x > 100).to("review", sink))
        .to("save", sink, Dispatch.batched(100));
  }

  @Test
  void describeListsTheNodesWithTheirInputsWhereTheLineAboveIsNotAllThatFeedsThem() {
    assertThat(orders().describe()).isEqualTo("""
        pipeline orders (11 stages, 8 threads)
          shop    source                           thread 1

          web     source                           thread 2
            |
            v
          parse   map      perRecord()             thread 2  fused
            <- shop, parse
          clean   map      perRecord()             thread 3  ring 4096
            |
            v
          audit   sink     perRecord()             thread 4  ring 4096
            <- clean
          check   stage    perRecord()             thread 5  ring 4096
            <- check.alerts
          page    sink     perRecord()             thread 6  ring 4096
            <- check
          triage  route    perRecord()             thread 5  fused
            <- triage.diverted
          big     filter   perRecord()             thread 5  fused
            |
            v
          review  sink     perRecord()             thread 7  ring 4096
            <- triage
          save    sink     batched(100)            thread 8  ring 4096
        """);
  }

  @Test
  void mermaidDrawsOneArrowPerEdgeAndLabelsSideOutputs() {
    assertThat(orders().describeMermaid()).isEqualTo("""
        flowchart LR
          s0(["shop<br/>source"])
          s1(["web<br/>source"])
          s2["parse<br/>map<br/>perRecord()"]
          s1 --> s2
          s3["clean<br/>map<br/>perRecord()"]
          s0 --> s3
          s2 --> s3
          s4[("audit<br/>sink<br/>perRecord()")]
          s3 --> s4
          s5["check<br/>stage<br/>perRecord()"]
          s3 --> s5
          s6[("page<br/>sink<br/>perRecord()")]
          s5 -- "alerts" --> s6
          s7["triage<br/>route<br/>perRecord()"]
          s5 --> s7
          s8["big<br/>filter<br/>perRecord()"]
          s7 -- "diverted" --> s8
          s9[("review<br/>sink<br/>perRecord()")]
          s8 --> s9
          s10[("save<br/>sink<br/>batched(100)")]
          s7 --> s10
        """);
  }

  @Test
  void countsGoOnSideEdgesAndAMergingStagesBacklogOnTheNode() {
    Pipeline<Integer> pipeline = Pipeline.named("m").from("a", Source.of(1))
        .mergeWith(Pipeline.from("b", Source.of(2)))
        .stage("check", check)
        .sideOutputTo(ALERTS, "page", sink)
        .to("save", sink);
    PipelineReport counts = new PipelineReport("m", PipelineReport.Outcome.RUNNING,
        Duration.ZERO, List.of(
            report("a", StageKind.SOURCE, 5, 5, 0),
            report("b", StageKind.SOURCE, 5, 5, 0),
            report("check", StageKind.STAGE, 7, 7, 3),
            report("page", StageKind.SINK, 1, 0, 2),
            report("save", StageKind.SINK, 6, 0, 0)), null, List.of());

    assertThat(pipeline.describeMermaid(counts)).isEqualTo("""
        flowchart LR
          s0(["a<br/>source<br/>in 5 / out 5"])
          s1(["b<br/>source<br/>in 5 / out 5"])
          s2["check<br/>stage<br/>perRecord()<br/>in 7 / out 7<br/>3 queued"]
          s0 --> s2
          s1 --> s2
          s3[("page<br/>sink<br/>perRecord()<br/>in 1 / out 0")]
          s2 -- "alerts, 2 queued" --> s3
          s4[("save<br/>sink<br/>perRecord()<br/>in 6 / out 0")]
          s2 --> s4
        """);
    assertThat(pipeline.describe()).startsWith("""
        pipeline m (5 stages, 5 threads)
          a      source                           thread 1

          b      source                           thread 2
            <- a, b
          check  stage    perRecord()             thread 3  ring 4096
        """);
  }

  @Test
  void aFusedTreeSharesOneThreadAndALiveInputHasNone() {
    Pipeline<Integer> pipeline = Pipeline.live("in", Integer.class)
        .stage("check", check)
        .alsoTo(b -> b.map("format", x -> x).to("log", sink, StageOptions.defaults()
            .withFusion(Fusion.FUSED)))
        .map("clean", x -> x)
        .to("save", sink);
    assertThat(pipeline.describe()).isEqualTo("""
        pipeline in (6 stages, 2 threads)
          in      live
            |
            v
          check   stage    perRecord()             thread 1  ring 4096
            |
            v
          format  map      perRecord()             thread 1  fused
            |
            v
          log     sink     perRecord()             thread 1  fused
            <- check
          clean   map      perRecord()             thread 1  fused
            |
            v
          save    sink     perRecord()             thread 2  ring 4096
        """);
  }

  record Order(String id, double amount) {
    static Order parse(String line) {
      return new Order(line, 1);
    }

    boolean suspicious() {
      return amount > 1000;
    }
  }

  @Test
  void theReadmeExampleDrawsAsTheReadmeShows() {
    Pipeline<Order> job = Pipeline.named("orders")
        .from("shop", Source.of(new Order("o1", 12.5)))
        .mergeWith(Pipeline.from("web", Source.of("o2")).map("parse", Order::parse))
        .map("clean", o -> o)
        .alsoTo(b -> b.filter("big", o -> o.amount() > 100).to("audit", sink))
        .divertTo("triage", Order::suspicious, "review", sink)
        .to("save", sink, Dispatch.batched(500));
    assertThat(job.describe()).isEqualTo("""
        pipeline orders (9 stages, 6 threads)
          shop    source                           thread 1

          web     source                           thread 2
            |
            v
          parse   map      perRecord()             thread 2  fused
            <- shop, parse
          clean   map      perRecord()             thread 3  ring 4096
            |
            v
          big     filter   perRecord()             thread 3  fused
            |
            v
          audit   sink     perRecord()             thread 4  ring 4096
            <- clean
          triage  route    perRecord()             thread 3  fused
            <- triage.diverted
          review  sink     perRecord()             thread 5  ring 4096
            <- triage
          save    sink     batched(500)            thread 6  ring 4096
        """);
  }

  private static StageReport report(String name, StageKind kind, long in, long out,
      long backlog) {
    return StageReport.builder(name, kind).received(in).emitted(out)
        .passedOn(kind.isSink() ? in : out).backlog(backlog).build();
  }
}
