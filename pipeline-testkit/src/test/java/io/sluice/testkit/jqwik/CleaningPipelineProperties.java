package io.sluice.testkit.jqwik;

import io.sluice.api.PipelineBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The ready-made properties, run on a stateless pipeline: they must hold. */
class CleaningPipelineProperties extends StatelessPipelineProperties<String, Integer> {

  @Override
  protected PipelineBuilder<String, Integer> stages(PipelineBuilder<String, String> input) {
    return input.map("trim", String::strip)
        .filter("nonEmpty", s -> !s.isEmpty())
        .flatMap("twice", s -> java.util.List.of(s, s + "!"))
        .map("length", String::length);
  }

  @Override
  protected Arbitrary<String> records() {
    return Arbitraries.strings().withChars(" ab").ofMaxLength(4);
  }
}
