package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.Pipeline;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import org.junit.jupiter.api.Test;

/** A failure names the pipeline only when the pipeline was given a name. */
class PipelineNameInMessagesTest {

  private static Integer parse(String text) {
    return Integer.parseInt(text);
  }

  @Test
  void anUnnamedPipelinesFailureNamesOnlyTheStage() {
    Pipeline<String> unnamed = Pipeline.from("in", Source.of("1", "x"))
        .map("parse", PipelineNameInMessagesTest::parse).to("save", r -> { });

    StageFailedException failure = catchThrowableOfType(StageFailedException.class, unnamed::run);

    assertThat(unnamed.isNamed()).isFalse();
    assertThat(unnamed.name()).isEqualTo("in"); // threads and reports still need a name
    assertThat(failure).hasMessageStartingWith("stage 'parse' failed on record x:");
    assertThat(failure.pipelineName()).isEqualTo("in");
  }

  @Test
  void aNamedPipelinesFailureNamesThePipelineToo() {
    Pipeline<String> named = Pipeline.named("orders").from("in", Source.of("1", "x"))
        .map("parse", PipelineNameInMessagesTest::parse).to("save", r -> { });

    StageFailedException failure = catchThrowableOfType(StageFailedException.class, named::run);

    assertThat(named.isNamed()).isTrue();
    assertThat(named.withName("other").isNamed()).isTrue();
    assertThat(failure).hasMessageStartingWith(
        "pipeline 'orders', stage 'parse' failed on record x:");
    assertThat(Pipeline.from("in", Source.of("x")).map("parse", PipelineNameInMessagesTest::parse)
        .to("save", r -> { }).withName("renamed").isNamed()).isTrue();
  }
}
