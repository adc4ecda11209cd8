package io.sluice.examples.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleTest {
  @Test
  void theProgressLineSaysHowFarAndHowFast() {
    assertThat(Progress.line("rows read", 250_000, 1_000_000, 2_000_000_000L))
        .isEqualTo("  rows read 250,000 of 1,000,000 (25%), 125,000/s, 2 s");
    assertThat(Progress.line("transactions", 3_000, 0, 1_000_000_000L))
        .isEqualTo("  transactions 3,000, 3,000/s, 1 s");
  }

  @Test
  void onATerminalALinePrintedClearsTheProgressLineFirst() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

    console.progress("  12 done");
    console.println("ALERT");
    console.endProgress();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("  12 done\r         \rALERT" + System.lineSeparator());
  }

  @Test
  void offATerminalProgressLinesAreOrdinaryLinesEndedByAGap() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

    console.progress("  1 done");
    console.progress("  2 done");
    console.endProgress();
    console.endProgress();
    console.println("result");

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("  1 done", "  2 done", "", "result");
  }

  @Test
  void optionsAreCheckedWithMessagesForTheUser() {
    Set<String> known = Set.of("rows", "seed");
    Options options = Options.parse("batch", List.of("--rows", "1_000", "--seed", "-3"), known);

    assertThat(options.number("rows", 0, 0)).isEqualTo(1000);
    assertThat(options.number("seed", 0, Long.MIN_VALUE)).isEqualTo(-3);
    assertThat(options.intNumber("missing", 7, 1)).isEqualTo(7);
    assertThatThrownBy(() -> Options.parse("batch", List.of("--size", "3"), known))
        .hasMessage("job 'batch' has no option --size; its options are [--rows, --seed]");
    assertThatThrownBy(() -> Options.parse("batch", List.of("--rows"), known))
        .hasMessage("job 'batch': option --rows needs a value");
    assertThatThrownBy(() -> Options.parse("batch", List.of("rows", "3"), known))
        .hasMessageContaining("expected an option");
    assertThatThrownBy(() -> Options.parse("batch", List.of("--rows", "1", "--rows", "2"), known))
        .hasMessage("job 'batch': option --rows is given twice");
    assertThatThrownBy(() -> options.number("seed", 0, 0))
        .hasMessage("job 'batch': --seed must be at least 0 but was -3");
    assertThatThrownBy(() -> Options.parse("batch", List.of("--rows", "many"), known)
        .number("rows", 0, 0))
        .hasMessage("job 'batch': --rows must be a whole number but was 'many'");
  }
}
