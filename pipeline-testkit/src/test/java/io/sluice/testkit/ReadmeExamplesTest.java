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
 * Keeps the README's "Testing your pipelines", "Branching and merging", "Parallel and
 * asynchronous stages" and "Restarting a failed run" sections true: every Java example in them
 * must appear, line for line (indentation and blank lines aside), in a test of this module, where
 * it compiles and runs.
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path TESTS = Path.of("src", "test", "java");
  private static final String SECTION = "## Testing your pipelines";
  private static final String BRANCHING = "### Branching and merging";
  private static final String CONCURRENCY = "## Parallel and asynchronous stages";
  private static final String RESTARTING = "## Restarting a failed run";

  @Test
  void everyJavaExampleOfTheTestingSectionIsPartOfATest() throws IOException {
    List<List<String>> examples = examplesOf(SECTION, "\n## ");
    assertThat(examples).as("Java examples in the section").hasSizeGreaterThanOrEqualTo(6);
    assertArePartOfTests(examples);
  }

  @Test
  void everyJavaExampleOfTheBranchingSectionIsPartOfATest() throws IOException {
    List<List<String>> examples = examplesOf(BRANCHING, "\n##");
    assertThat(examples).as("Java examples in the section").hasSizeGreaterThanOrEqualTo(4);
    assertArePartOfTests(examples);
  }

  @Test
  void everyJavaExampleOfTheParallelSectionIsPartOfATest() throws IOException {
    List<List<String>> examples = examplesOf(CONCURRENCY, "\n## ");
    assertThat(examples).as("Java examples in the section").hasSizeGreaterThanOrEqualTo(4);
    assertArePartOfTests(examples);
  }

  @Test
  void everyJavaExampleOfTheRestartingSectionIsPartOfATest() throws IOException {
    List<List<String>> examples = examplesOf(RESTARTING, "\n## ");
    assertThat(examples).as("Java examples in the section").hasSizeGreaterThanOrEqualTo(3);
    assertArePartOfTests(examples);
  }

  private static List<List<String>> examplesOf(String section, String next) throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf(section);
    assertThat(start).as("the README has a section '%s'", section).isNotNegative();
    int end = readme.indexOf(next, start + section.length());
    return javaBlocks(readme.substring(start, end < 0 ? readme.length() : end));
  }

  private static void assertArePartOfTests(List<List<String>> examples) throws IOException {
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
