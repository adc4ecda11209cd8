package io.sluice.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.sluice.api.Dispatch;
import io.sluice.api.Pipeline;
import io.sluice.api.PipelineReport;
import io.sluice.api.Source;
import io.sluice.api.StageFailedException;
import io.sluice.connectors.Dispatches;
import io.sluice.connectors.TestContext;
import io.sluice.connectors.csv.CsvRowException.Problem;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CsvSourceTest {
  static Stream<Dispatch> dispatches() {
    return Dispatches.all();
  }

  private static final String ORDERS = """
      id,name,amount
      1,Alice,12.50
      2,Bob
      3,Carol,twelve
      4,"Smith, Dave",7
      """;

  @TempDir Path dir;

  static CsvSource csv(String text) {
    return Csv.rows("orders.csv", () -> new StringReader(text));
  }

  /** Reads a source to its end the way a runner does: open, poll until false, close. */
  static List<CsvRow> readAll(Source<CsvRow> source) throws Exception {
    List<CsvRow> rows = new ArrayList<>();
    source.open(TestContext.of("read"));
    try {
      while (source.poll(rows::add)) {
        // keep polling
      }
    } finally {
      source.close();
    }
    return rows;
  }

  @Test
  void emitsEveryLineAfterTheHeaderWithItsLineNumber() throws Exception {
    List<CsvRow> rows = readAll(csv(ORDERS));

    assertThat(rows).extracting(CsvRow::lineNumber).containsExactly(2L, 3L, 4L, 5L);
    assertThat(rows.get(0).header()).containsExactly("id", "name", "amount");
    assertThat(rows.get(0).get("name")).isEqualTo("Alice");
    assertThat(rows.get(0).getDecimal("amount")).isEqualByComparingTo("12.50");
    assertThat(rows.get(3).get("name")).isEqualTo("Smith, Dave");
    assertThat(rows.get(3).text()).isEqualTo("4,\"Smith, Dave\",7");
    assertThat(rows.get(1).fields()).containsExactly("2", "Bob");
  }

  @Test
  void aLineWithAMissingFieldReportsItsLineNumberContentAndReason() throws Exception {
    CsvRow short_ = readAll(csv(ORDERS)).get(1);

    assertThatThrownBy(() -> short_.getDecimal("amount"))
        .asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> {
          assertThat(e.source()).isEqualTo("orders.csv");
          assertThat(e.lineNumber()).isEqualTo(3);
          assertThat(e.text()).isEqualTo("2,Bob");
          assertThat(e.column()).contains("amount");
          assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
          assertThat(e.getMessage()).isEqualTo(
              "orders.csv line 3: column 'amount': missing: the line has 2 of 3 fields [2,Bob]");
        });
  }

  @Test
  void aBadNumberReportsItsLineNumberContentAndValue() throws Exception {
    CsvRow bad = readAll(csv(ORDERS)).get(2);

    assertThatThrownBy(() -> bad.getDecimal("amount"))
        .asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> {
          assertThat(e.lineNumber()).isEqualTo(4);
          assertThat(e.problem()).isEqualTo(Problem.BAD_VALUE);
          assertThat(e.getMessage()).isEqualTo("orders.csv line 4: column 'amount': 'twelve' is "
              + "not a decimal number [3,Carol,twelve]");
          assertThat(e.getCause()).isInstanceOf(NumberFormatException.class);
        });
  }

  @Test
  void inAPipelineTheBadLineFailsTheStageParsingItWithLineAndContent() {
    Pipeline<CsvRow> job = Pipeline.named("orders")
        .from("read", csv(ORDERS))
        .map("parse", row -> row.getDecimal("amount"))
        .to("save", Collections.synchronizedList(new ArrayList<BigDecimal>())::add);

    assertThatThrownBy(job::run)
        .asInstanceOf(type(StageFailedException.class))
        .satisfies(e -> {
          assertThat(e.stageName()).isEqualTo("parse");
          assertThat(e.record()).hasValueSatisfying(r -> assertThat(r.toString())
              .isEqualTo("orders.csv:3 [2, Bob]"));
          assertThat(e.getCause()).isInstanceOf(CsvRowException.class)
              .hasMessageContaining("line 3").hasMessageContaining("[2,Bob]");
        });
  }

  @Test
  void anEmptyInputEmitsNothingAndCompletes() throws Exception {
    assertThat(readAll(csv(""))).isEmpty();

    PipelineReport report = Pipeline.named("empty").from("read", csv(""))
        .to("save", row -> { }).run();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(report.stage("read").emitted()).isZero();
  }

  @Test
  void aHeaderOnlyInputEmitsNothingAndCompletes() throws Exception {
    assertThat(readAll(csv("id,name\n"))).isEmpty();
    assertThat(readAll(csv("id,name"))).isEmpty();

    PipelineReport report = Pipeline.named("header-only").from("read", csv("id,name\n"))
        .to("save", row -> { }, Dispatch.batched(3)).run();
    assertThat(report.outcome()).isEqualTo(PipelineReport.Outcome.COMPLETED);
    assertThat(report.stage("save").received()).isZero();
    assertThat(report.stage("save").totalBatches()).isZero();
  }

  @Test
  void blankLinesAreEmittedAsBlankRowsUnlessSkippingThemWhichCountsThem() throws Exception {
    String text = "id,name\n1,a\n\n   \n2,b\n,\n";

    List<CsvRow> all = readAll(csv(text));
    assertThat(all).extracting(CsvRow::lineNumber).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(all).extracting(CsvRow::isBlank).containsExactly(false, true, true, false, true);

    CsvSource skipping = csv(text).skippingBlankLines();
    assertThat(readAll(skipping)).extracting(CsvRow::lineNumber).containsExactly(2L, 5L);
    assertThat(skipping.blankLinesSkipped()).isEqualTo(3);
    assertThat(skipping.rowsRead()).isEqualTo(2);
  }

  @Test
  void anUnclosedQuoteFailsTheSourceNamingTheLineAndItsContent() {
    CsvSource source = csv("id,name\n1,ok\n2,\"open\n3,x\n");

    assertThatThrownBy(() -> readAll(source))
        .asInstanceOf(type(CsvRowException.class))
        .satisfies(e -> {
          assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
          assertThat(e.lineNumber()).isEqualTo(3);
          assertThat(e.text()).isEqualTo("2,\"open");
          assertThat(e.reason()).contains("Unclosed quoted field");
        });
  }

  @Test
  void textAfterAClosingQuoteFailsTheRunAtTheSource() {
    Pipeline<CsvRow> job = Pipeline.named("quotes")
        .from("read", csv("id,name\n1,ok\n2,\"a\"b\n3,x\n"))
        .to("save", row -> { });

    assertThatThrownBy(job::run)
        .asInstanceOf(type(StageFailedException.class))
        .satisfies(e -> {
          assertThat(e.stageName()).isEqualTo("read");
          assertThat(e.getCause()).isInstanceOf(CsvRowException.class)
              .hasMessageStartingWith("orders.csv line 3: cannot be split into fields")
              .hasMessageEndingWith("[2,\"a\"b]");
        });
  }

  @ParameterizedTest
  @MethodSource("dispatches")
  void aPipelineGetsTheSameRowsUnderEveryDispatch(Dispatch dispatch) throws Exception {
    StringBuilder text = new StringBuilder("n,square\n");
    for (int i = 1; i <= 1000; i++) {
      text.append(i).append(',').append(i * i).append('\n');
    }
    List<CsvRow> saved = Collections.synchronizedList(new ArrayList<>());

    PipelineReport report = Pipeline.named("squares").from("read", csv(text.toString()))
        .to("save", saved::add, dispatch).run();

    assertThat(report.stage("save").received()).isEqualTo(1000);
    assertThat(saved).isEqualTo(readAll(csv(text.toString())));
    assertThat(saved.get(999).getLong("square")).isEqualTo(1_000_000L);
    assertThat(saved.get(999).lineNumber()).isEqualTo(1001);
  }

  @Test
  void readsAFileAgainAtEveryRunAndDropsAByteOrderMark() throws Exception {
    Path file = dir.resolve("prices.csv");
    Files.writeString(file, "\uFEFFsku;price\r\nA-1;3.5\r\nB-2;4\r\n", StandardCharsets.UTF_8);
    CsvSource source = Csv.rows(file).withSeparator(';');

    List<CsvRow> first = readAll(source);
    List<CsvRow> second = readAll(source);

    assertThat(first).isEqualTo(second).hasSize(2);
    assertThat(first.get(0).source()).isEqualTo("prices.csv");
    assertThat(first.get(0).header()).containsExactly("sku", "price");
    assertThat(first.get(1).get("sku")).isEqualTo("B-2");
    assertThat(first.get(1).text()).isEqualTo("B-2;4");
  }

  @Test
  void aByteOrderMarkIsDroppedWhenTheHeaderIsGivenToo() throws Exception {
    Path file = dir.resolve("no-header.csv");
    Files.writeString(file, "\uFEFFA-1;3.5\r\nB-2;4\r\n", StandardCharsets.UTF_8);

    List<CsvRow> rows = readAll(Csv.rows(file).withSeparator(';').withHeader("sku", "price"));

    assertThat(rows).extracting(r -> r.get("sku")).containsExactly("A-1", "B-2");
    assertThat(rows.get(0).text()).isEqualTo("A-1;3.5");
  }

  @Test
  void anInvalidUtf8ByteIsReportedOnItsLine() throws Exception {
    Path file = dir.resolve("broken.csv");
    StringBuilder text = new StringBuilder("n,square\n");
    for (int i = 1; i < 499; i++) {
      text.append(i).append(',').append(i * i).append('\n');
    }
    byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'4', '9', '9', ',', (byte) 0xC3, (byte) 0x28, '\n', '5', ',', '2', '5', '\n'};
    byte[] all = java.util.Arrays.copyOf(good, good.length + bad.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(file, all);

    assertThatThrownBy(() -> readAll(Csv.rows(file)))
        .hasMessageContaining("broken.csv: reading line 500 failed");
  }

  @Test
  void withHeaderReadsEveryLineAsData() throws Exception {
    List<CsvRow> rows = readAll(csv("1,a\n2,b\n").withHeader("id", "name"));

    assertThat(rows).extracting(r -> r.get("name")).containsExactly("a", "b");
    assertThat(rows).extracting(CsvRow::lineNumber).containsExactly(1L, 2L);
  }

  @Test
  void aHeaderWithARepeatedOrBlankColumnIsRefusedAtOpen() {
    assertThatThrownBy(() -> readAll(csv("id,name,id\n1,a,2\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("orders.csv: column 'id' appears twice in the header [id, name, id]");
    assertThatThrownBy(() -> readAll(csv("id,,name\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("orders.csv: column 2 of the header has no name: [id, , name]");
    assertThatThrownBy(() -> csv("").withHeader("a", " a "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsAreCheckedWhenGiven() {
    assertThatThrownBy(() -> csv("").withSeparator('"'))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders.csv");
    assertThatThrownBy(() -> Csv.rows(" ", StringReader::nullReader))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> csv("").withHeader())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
