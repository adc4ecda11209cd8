package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's "Testing your pipelines" section true: every Java example in it must appear,
 * line for line (indentation and blank lines aside), in a test of this module, where it compiles
 * and runs.
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path TESTS = Path.of("src", "test", "java");
  private static final String SECTION = "## Testing your pipelines";

  @Test
  void everyJavaExampleOfTheTestingSectionIsPartOfATest() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf(SECTION);
    assertThat(start).as("the README has a section '%s'", SECTION).isNotNegative();
    int end = readme.indexOf("\n## ", start + SECTION.length());
    List<List<String>> examples = javaBlocks(readme.substring(start, end < 0 ? readme.length()
        : end));
    assertThat(examples).as("Java examples in the section").hasSizeGreaterThanOrEqualTo(6);

    List<List<String>> tests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        tests.add(normalized(Files.readAllLines(file)));
      }
    }
    for (List<String> example : examples) {
      assertThat(tests).as("a test holding the README example:%n%s", String.join("\n", example))
          .anyMatch(test -> Collections.indexOfSubList(test, example) >= 0);
    }
  }

  private static List<List<String>> javaBlocks(String markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.strip().equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(normalized(current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return blocks;
  }

  private static List<String> normalized(List<String> lines) {
    return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
