package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.examples.console.TestConsole;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final TestConsole out = new TestConsole();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutArgumentsTheBatchJobRuns() throws Exception {
    assertThat(Main.run(new String[0], out.console(), err)).isZero();

    assertThat(out.output()).startsWith("Sluice batch job: sales.csv (bundled, 47 data lines)")
        .contains("every row accounted for: 47 read = 31 saved + 16 rejected");
    assertThat(err()).isEmpty();
  }

  @Test
  void optionsWithoutAJobNameAreTheBatchJobs() throws Exception {
    assertThat(Main.run(new String[] {"--batch-size", "5"}, out.console(), err)).isZero();

    assertThat(out.output()).containsPattern("  save +sink +batched\\(5\\) ");
  }

  @Test
  void usageMistakesPrintTheUsageAndReturnTwo() throws Exception {
    assertThat(Main.run(new String[] {"bach"}, out.console(), err)).isEqualTo(2);
    assertThat(err()).startsWith("unknown job 'bach'").contains(Main.USAGE);

    errBytes.reset();
    assertThat(Main.run(new String[] {"stream", "--rate", "fast"}, out.console(), err))
        .isEqualTo(2);
    assertThat(err()).startsWith("job 'stream': --rate must be a whole number but was 'fast'");

    errBytes.reset();
    assertThat(Main.run(new String[] {"batch", "--batch-size", "0"}, out.console(), err))
        .isEqualTo(2);
    assertThat(err()).startsWith("job 'batch': --batch-size must be at least 1 but was 0");
    assertThat(out.output()).isEmpty();
  }
}
