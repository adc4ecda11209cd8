package io.sluice.testkit.jqwik;

import io.sluice.api.PipelineBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The ready-made properties example of the README, verbatim. */
class CleaningProperties extends StatelessPipelineProperties<String, String> {
  @Override
  protected PipelineBuilder<String, String> stages(PipelineBuilder<String, String> input) {
    return input.map("trim", String::strip).filter("nonEmpty", s -> !s.isEmpty());
  }

  @Override
  protected Arbitrary<String> records() {
    return Arbitraries.strings().withChars(" ab").ofMaxLength(4);
  }
}
