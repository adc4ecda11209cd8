package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiagramTest {
  @Test
  void aBlueprintDrawsItselfAsMermaid() {
    Pipeline<Integer> pipeline = Pipeline.named("orders").from("read", Source.of(1))
        .map("clean", x -> x)
        .to("save", x -> { }, Dispatch.batched(500, Duration.ofMillis(200)));
    assertThat(pipeline.describeMermaid()).isEqualTo("""
        flowchart LR
          s0(["read<br/>source"])
          s1["clean<br/>map<br/>perRecord()"]
          s0 --> s1
          s2[("save<br/>sink<br/>batched(500, 200ms)")]
          s1 --> s2
        """);
  }

  @Test
  void countsAnnotateNodesAndQueuedEdges() {
    Pipeline<Integer> pipeline = Pipeline.named("orders").from("read", Source.of(1))
        .to("save", x -> { });
    PipelineReport counts = new PipelineReport("orders", PipelineReport.Outcome.RUNNING,
        Duration.ZERO, java.util.List.of(
            StageReport.builder("read", StageKind.SOURCE).received(10).emitted(10).passedOn(10)
                .build(),
            StageReport.builder("save", StageKind.SINK).received(4).passedOn(4).backlog(6)
                .build()), null, java.util.List.of());
    assertThat(pipeline.describeMermaid(counts))
        .contains("s1[(\"save<br/>sink<br/>perRecord()<br/>in 4 / out 0\")]")
        .contains("s0 -- \"6 queued\" --> s1");
  }
}
